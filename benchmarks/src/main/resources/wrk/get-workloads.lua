-- GETs FederatedWorkloads by name, at random among the names listed, one per line, in NAMES_FILE,
-- under the Kubernetes path of NAMESPACE, with TOKEN as the bearer token.
function init(args)
  names = {}
  for line in io.lines(os.getenv("NAMES_FILE")) do
    table.insert(names, line)
  end
  base = "/apis/ubernetes.io/v1/namespaces/" .. os.getenv("NAMESPACE") .. "/federatedworkloads/"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

function request()
  return wrk.format("GET", base .. names[math.random(#names)])
end

dofile(os.getenv("SCRIPTS") .. "/report.lua")
