--- The game's runtime API names (classes and their members, events, defines, globals) for the
--- versions the mod supports, from spec/api/runtime-api-names-<version>.json (extracted from the
--- official machine-readable API by tools/extract-api-names.lua).
local cjson = require("cjson")

local api = {}

api.VERSIONS = { "2.0.77", "2.1.9" }

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
local cache = {}

---@class ApiNames
---@field version string
---@field classes table<string, {parent: string?, members: table<string, string>}> member -> "r"|"rw"|"m"|"o"
---@field events table<string, true>
---@field event_list string[] sorted
---@field defines table<string, true> dotted paths, "defines.events.on_tick"
---@field globals table<string, string> global object or function name -> class or "function"

---@param version string
---@return ApiNames
function api.load(version)
  if cache[version] then return cache[version] end
  local f = assert(io.open(here .. "/../api/runtime-api-names-" .. version .. ".json", "rb"))
  local raw = cjson.decode(f:read("*a"))
  f:close()
  local names = { version = version, classes = {}, events = {}, event_list = raw.events, defines = {}, globals = {} }
  for name, class in pairs(raw.classes) do
    local members = {}
    for _, m in ipairs(class.members) do
      local member, kind = m:match("^(.*):(%a+)$")
      members[member] = kind
    end
    names.classes[name] = { parent = class.parent ~= cjson.null and class.parent or nil, members = members }
  end
  for _, e in ipairs(raw.events) do names.events[e] = true end
  for _, d in ipairs(raw.defines) do names.defines[d] = true end
  for g, class in pairs(raw.global_objects) do names.globals[g] = class end
  for _, g in ipairs(raw.global_functions) do names.globals[g] = "function" end
  cache[version] = names
  return names
end

--- The kind of `member` on `class` ("r", "rw", "m", "o") following parents, or nil.
---@param names ApiNames
---@param class string
---@param member string
---@return string?
function api.member_kind(names, class, member)
  local c = names.classes[class]
  while c do
    local kind = c.members[member]
    if kind then return kind end
    c = c.parent and names.classes[c.parent]
  end
  return nil
end

return api
