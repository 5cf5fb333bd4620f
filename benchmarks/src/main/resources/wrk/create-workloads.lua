-- POSTs FederatedWorkloads with names unique per wrk thread and request.
-- Environment: NAMESPACE, PREFIX, BODY_FILE (a request body with %NAME% where the name goes) and
-- TOKEN, the bearer token to send.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BODY_FILE"), "r"))
  template = file:read("*a")
  file:close()
  prefix = os.getenv("PREFIX") .. "-t" .. id .. "-"
  wrk.method = "POST"
  wrk.path = "/api/v1/namespaces/" .. os.getenv("NAMESPACE") .. "/workloads"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  counter = counter + 1
  local body = template:gsub("%%NAME%%", prefix .. counter)
  return wrk.format(nil, nil, nil, body)
end

dofile(os.getenv("SCRIPTS") .. "/report.lua")
