-- POSTs FederatedWorkloads with names unique per wrk thread and request.
-- Set NAMESPACE and PREFIX in the environment; the body is read from BODY_FILE, with %NAME% in it.
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
end

function request()
  counter = counter + 1
  local body = template:gsub("%%NAME%%", prefix .. counter)
  return wrk.format(nil, nil, nil, body)
end
