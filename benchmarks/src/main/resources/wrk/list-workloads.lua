-- GETs the same list page over and over: LIST_PATH (with its query, e.g. ?limit=500), with ACCEPT
-- as the Accept header when set (a Table, as kubectl asks), and TOKEN as the bearer token.
function init(args)
  path = os.getenv("LIST_PATH")
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  local accept = os.getenv("ACCEPT")
  if accept ~= nil and accept ~= "" then
    wrk.headers["Accept"] = accept
  end
end

function request()
  return wrk.format("GET", path)
end

dofile(os.getenv("SCRIPTS") .. "/report.lua")
