-- Extracts the names the emulator and the API-name spec need from the game's machine-readable
-- runtime API (runtime-api-<version>.json, 3+ MB each) into a small, sorted, committed file
-- spec/api/runtime-api-names-<version>.json.
--
-- usage: lua5.2 tools/extract-api-names.lua /work/shared/factorio/runtime-api-2.0.77.json > spec/api/runtime-api-names-2.0.77.json
local cjson = require("cjson")

local path = assert(arg[1], "usage: extract-api-names.lua <runtime-api.json>")
local f = assert(io.open(path, "rb"))
local api = cjson.decode(f:read("*a"))
f:close()

local function sorted(t) table.sort(t) return t end

local out = { application_version = api.application_version, classes = {}, events = {}, defines = {},
  global_objects = {}, global_functions = {} }

for _, class in ipairs(api.classes) do
  local members = {}
  for _, a in ipairs(class.attributes or {}) do
    members[#members + 1] = a.name .. (a.write_type and ":rw" or ":r")
  end
  for _, m in ipairs(class.methods or {}) do members[#members + 1] = m.name .. ":m" end
  for _, o in ipairs(class.operators or {}) do members[#members + 1] = "#" .. o.name .. ":o" end
  out.classes[class.name] = { parent = class.parent or cjson.null, members = sorted(members) }
end
for _, e in ipairs(api.events) do out.events[#out.events + 1] = e.name end
sorted(out.events)

local function walk(prefix, define)
  local path = prefix .. "." .. define.name
  out.defines[#out.defines + 1] = path
  for _, v in ipairs(define.values or {}) do out.defines[#out.defines + 1] = path .. "." .. v.name end
  for _, sub in ipairs(define.subkeys or {}) do walk(path, sub) end
end
for _, d in ipairs(api.defines) do walk("defines", d) end
sorted(out.defines)

for _, g in ipairs(api.global_objects) do out.global_objects[g.name] = g.type end
for _, g in ipairs(api.global_functions) do out.global_functions[#out.global_functions + 1] = g.name end
sorted(out.global_functions)

-- cjson does not sort keys; emit by hand so the file is stable and diff-friendly
local enc = cjson.encode
local lines = { "{" }
local function add(s) lines[#lines + 1] = s end
add('"application_version": ' .. enc(out.application_version) .. ",")
add('"global_objects": {')
local gnames = {}
for k in pairs(out.global_objects) do gnames[#gnames + 1] = k end
sorted(gnames)
for i, k in ipairs(gnames) do add("  " .. enc(k) .. ": " .. enc(out.global_objects[k]) .. (i < #gnames and "," or "")) end
add("},")
add('"global_functions": ' .. enc(out.global_functions) .. ",")
add('"events": [')
for i, e in ipairs(out.events) do add("  " .. enc(e) .. (i < #out.events and "," or "")) end
add("],")
add('"defines": [')
for i, d in ipairs(out.defines) do add("  " .. enc(d) .. (i < #out.defines and "," or "")) end
add("],")
add('"classes": {')
local cnames = {}
for k in pairs(out.classes) do cnames[#cnames + 1] = k end
sorted(cnames)
for i, k in ipairs(cnames) do
  local c = out.classes[k]
  add("  " .. enc(k) .. ": {\"parent\": " .. enc(c.parent) .. ", \"members\": " .. enc(c.members) .. "}" .. (i < #cnames and "," or ""))
end
add("}")
add("}")
io.write(table.concat(lines, "\n"), "\n")
