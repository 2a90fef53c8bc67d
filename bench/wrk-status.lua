-- Counts answers that are neither 2xx nor 304 (wrk itself only counts statuses above 399) and prints the total with
-- the first such status on one line, which read.ts parses: "bench-bad-status: <count> <first status>".
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
  first = 0
end

function response(status, headers, body)
  if (status < 200 or status > 299) and status ~= 304 then
    bad = bad + 1
    if first == 0 then first = status end
  end
end

function done(summary, latency, requests)
  local total, status = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("bad")
    if status == 0 then status = thread:get("first") end
  end
  io.write(string.format("bench-bad-status: %d %d\n", total, status))
end
