-- GETs FederatedWorkloads by name, at random among the names listed, one per line, in NAMES_FILE.
function init(args)
  names = {}
  for line in io.lines(os.getenv("NAMES_FILE")) do
    table.insert(names, line)
  end
  base = "/api/v1/namespaces/" .. os.getenv("NAMESPACE") .. "/workloads/"
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
end

function request()
  return wrk.format("GET", base .. names[math.random(#names)])
end
