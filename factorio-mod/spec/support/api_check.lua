--- Checks names the mod uses against the runtime API of every supported game version.
local api = require("emulator.api")

local api_check = {}

--- Lua globals the game provides besides its API objects.
api_check.LUA_GLOBALS = { print = true, require = true, storage = true, defines = true }

--- Every defines.* path written in the given source files.
---@param paths string[]
---@return table<string, string> define path -> "file:line"
function api_check.scan_defines(paths)
  local found = {}
  for _, path in ipairs(paths) do
    local n = 0
    for line in io.lines(path) do
      n = n + 1
      local code = line:gsub("%-%-.*$", "")
      for d in code:gmatch("defines%.[%a_][%w_%.]*") do
        found[d] = found[d] or (path .. ":" .. n)
      end
    end
  end
  return found
end

--- Returns the problems: names unknown in some version, as "<what> <name> (unknown in <version>)".
---@param used {members: table<string, any>, defines: table<string, any>, globals: table<string, any>, events: table<string, any>}
---@param versions? string[]
---@return string[]
function api_check.unknown(used, versions)
  local problems = {}
  local function sorted(t)
    local keys = {}
    for k in pairs(t or {}) do keys[#keys + 1] = k end
    table.sort(keys)
    return keys
  end
  for _, version in ipairs(versions or api.VERSIONS) do
    local names = api.load(version)
    for _, key in ipairs(sorted(used.members)) do
      local class, member = key:match("^([^.]+)%.(.+)$")
      if not api.member_kind(names, class, member) then
        problems[#problems + 1] = "member " .. key .. " (unknown in " .. version .. ")"
      end
    end
    for _, d in ipairs(sorted(used.defines)) do
      if not names.defines[d] then problems[#problems + 1] = "define " .. d .. " (unknown in " .. version .. ")" end
    end
    for _, g in ipairs(sorted(used.globals)) do
      if not (names.globals[g] or api_check.LUA_GLOBALS[g]) then
        problems[#problems + 1] = "global " .. g .. " (unknown in " .. version .. ")"
      end
    end
    for _, e in ipairs(sorted(used.events)) do
      if not names.events[e] then problems[#problems + 1] = "event " .. e .. " (unknown in " .. version .. ")" end
    end
  end
  return problems
end

return api_check
