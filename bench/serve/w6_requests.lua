-- W6 (BENCHMARKS.md): wrk script cycling through feature requests, one JSON body per line
-- of the file named by the first script argument; the second, when not 0, paces each
-- connection: after a response it waits a random 0 .. 2x that many milliseconds (so the
-- connections do not fire in step, which would turn a steady rate into bursts). done()
-- prints the result as one JSON line.
local bodies = {}
local index = 0
local pause = 0

function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  pause = tonumber(args[2] or "0")
  -- each wrk thread has its own Lua state: seed from this state's own address
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000003)
  index = math.random(#bodies)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  index = index % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end

function delay()
  if pause <= 0 then return 0 end
  return math.random(0, 2 * pause)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"side":"hindsight","requests":%d,"seconds":%.3f,"qps":%.1f,"socket_errors":%d,' ..
    '"non2xx":%d,"timeouts":%d,"p50_ms":%.4f,"p99_ms":%.4f,"p999_ms":%.4f,"mean_ms":%.4f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    errors.connect + errors.read + errors.write, errors.status, errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.mean / 1000))
end
