--- An emulator of the parts of the Factorio runtime API the mod uses, for busted under Lua 5.2.
---
--- Each Emulator runs the REAL mod (src/control.lua and everything it requires) in its own Lua
--- environment, the stand-in for the game's per-mod Lua state: a save/load starts a fresh one,
--- so module-local state resets exactly like in the game. Emulated objects are strict: touching a
--- member their class lacks in the runtime API JSON raises an error, and every (class, member) pair
--- touched is recorded (per emulator and in Emulator.registry for the API-name spec). Per tick the
--- emulator counts API accesses and printed bytes/lines so specs can assert caps.
local api = require("emulator.api")
local json = require("emulator.json")

local Emulator = {}
Emulator.__index = Emulator

--- Version whose API the emulated objects are checked against at access time.
Emulator.API_VERSION = "2.0.77"
Emulator.GAME_VERSION = "2.0.77"

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
Emulator.MOD_DIR = here .. "/../../src"

--- Everything any emulator touched in this process: members["LuaPlayer.name"], globals["game"],
--- defines["defines.events.on_tick"], events["on_tick"].
Emulator.registry = { members = {}, globals = {}, defines = {}, events = {} }

local LUA_BUILTINS = { "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
  "tostring", "type", "xpcall", "rawget", "rawset", "rawequal", "rawlen", "setmetatable",
  "getmetatable", "unpack", "string", "table", "math", "bit32", "load" }

local function deepcopy(v)
  if type(v) ~= "table" then return v end
  local c = {}
  for k, x in pairs(v) do c[deepcopy(k)] = deepcopy(x) end
  return c
end
Emulator.deepcopy = deepcopy

--- Snaps a coordinate to the game's 1/256 tile grid (MapPosition is fixed point).
function Emulator.snap(x)
  return math.floor(x * 256 + 0.5) / 256
end

---------------------------------------------------------------------------------------------------
-- strict objects

--- Records an access of class.member, checks it against the API and counts it.
function Emulator:touch(class, member, write)
  local kind = api.member_kind(self.api, class, member)
  if not kind then
    error(string.format("%s has no member '%s' in the %s runtime API", class, tostring(member), self.api.version), 3)
  end
  if write and kind ~= "rw" then
    error(string.format("%s.%s is read-only", class, member), 3)
  end
  local key = class .. "." .. member
  self.touched[key] = true
  Emulator.registry.members[key] = true
  self:count_call()
end

function Emulator:count_call()
  self.api_calls = self.api_calls + 1
  local s = self:tick_stats()
  s.api_calls = s.api_calls + 1
end

function Emulator:tick_stats(tick)
  tick = tick or self.tick
  local s = self.stats[tick]
  if not s then
    s = { api_calls = 0, bytes = 0, lines = 0 }
    self.stats[tick] = s
  end
  return s
end

--- A strict proxy of `class` whose attributes come from getters[name](), setters[name](value) and
--- methods[name] (called with dot syntax, like the game). `is_valid` (optional) backs `valid`.
function Emulator:object(class, spec)
  local emu = self
  local proxy = {}
  setmetatable(proxy, {
    __index = function(_, k)
      emu:touch(class, k)
      if k == "object_name" then return class end
      if k == "valid" then return not spec.is_valid or spec.is_valid() end
      if spec.is_valid and not spec.is_valid() then
        error(class .. " API call when " .. class .. " was invalid", 2)
      end
      local getter = spec.getters and spec.getters[k]
      if getter then return getter() end
      local method = spec.methods and spec.methods[k]
      if method then return method end
      error("the emulator does not implement " .. class .. "." .. k, 2)
    end,
    __newindex = function(_, k, v)
      emu:touch(class, k, true)
      local setter = spec.setters and spec.setters[k]
      if not setter then error("the emulator does not implement writing " .. class .. "." .. k, 2) end
      setter(v)
    end,
    __tostring = function() return "[" .. class .. "]" end,
  })
  return proxy
end

--- A strict LuaCustomTable: lookup(key) returns the element or nil, list() the elements in order.
function Emulator:custom_table(lookup, list)
  local emu = self
  return setmetatable({}, {
    __index = function(_, k)
      if k == "valid" or k == "object_name" then
        emu:touch("LuaCustomTable", k)
        return k == "valid" or "LuaCustomTable"
      end
      emu:touch("LuaCustomTable", "#index")
      return lookup(k)
    end,
    __newindex = function() error("LuaCustomTable is read-only", 2) end,
    __len = function()
      emu:touch("LuaCustomTable", "#length")
      return #list()
    end,
    __pairs = function()
      emu:touch("LuaCustomTable", "#index")
      local items, i = list(), 0
      return function()
        i = i + 1
        local item = items[i]
        if item == nil then return nil end
        return item.key, item.value
      end, nil, nil
    end,
  })
end

--- A strict `defines` table built from the API's define paths; touched paths are recorded.
function Emulator:make_defines()
  local emu = self
  local event_ids = {}
  for i, name in ipairs(self.api.event_list) do event_ids[name] = i - 1 end
  self.event_ids = event_ids
  self.event_names = {}
  for name, id in pairs(event_ids) do self.event_names[id] = name end
  local children = {}
  for path in pairs(self.api.defines) do
    local parent, leaf = path:match("^(.*)%.([^.]+)$")
    if parent then
      children[parent] = children[parent] or {}
      children[parent][leaf] = path
    end
  end
  local counter = 0
  local function node(path)
    local values = {}
    return setmetatable({}, {
      __index = function(_, k)
        local child = children[path] and children[path][k]
        if not child then error("unknown define " .. path .. "." .. tostring(k), 2) end
        emu.touched_defines[child] = true
        Emulator.registry.defines[child] = true
        if values[k] == nil then
          if children[child] then
            values[k] = node(child)
          elseif path == "defines.events" then
            values[k] = event_ids[k]
          else
            counter = counter + 1
            values[k] = counter
          end
        end
        return values[k]
      end,
      __newindex = function() error("defines are read-only", 2) end,
    })
  end
  return node("defines")
end

---------------------------------------------------------------------------------------------------
-- world

---@class EmuPlayerState
---@field index integer
---@field name string
---@field connected boolean
---@field color {r: number, g: number, b: number, a: number}
---@field surface integer physical surface index
---@field x number
---@field y number
---@field view {surface: integer, x: number, y: number}? remote view camera, if any
---@field dead boolean
---@field removed boolean
---@field path {x: number, y: number}[]? waypoints being walked
---@field speed number tiles per tick

--- Creates an emulator. opts: settings (runtime-global name -> value), mod_version, game_version,
--- api_version, mod_dir.
function Emulator.new(opts)
  opts = opts or {}
  local self = setmetatable({}, Emulator)
  self.api = api.load(opts.api_version or Emulator.API_VERSION)
  self.mod_dir = opts.mod_dir or Emulator.MOD_DIR
  self.mod_version = opts.mod_version or "0.1.0"
  self.game_version = opts.game_version or Emulator.GAME_VERSION
  self.tick = 0
  self.api_calls = 0
  self.stats = {}
  self.stdout = {} -- every line, in order (mod prints and server log lines alike)
  self.printed = {} -- {tick=, line=} of lines the mod printed
  self.logged = {} -- log() lines
  self.plain = {} -- {tick=, line=} of non-packet lines the mod printed
  self.touched, self.touched_globals, self.touched_defines = {}, {}, {}
  self.runtime_settings = {
    ["kafkatorio-player-interval-ticks"] = 30,
    ["kafkatorio-heartbeat-interval-ticks"] = 600,
    ["kafkatorio-map-force"] = "player",
    ["kafkatorio-backfill-chunks-per-tick"] = 8,
    ["kafkatorio-reconcile-chunks-per-tick"] = 2,
  }
  for k, v in pairs(opts.settings or {}) do self.runtime_settings[k] = v end
  self.players = {} -- index -> EmuPlayerState (removed ones stay, marked removed)
  self.player_objects = {}
  self.surface_objects = {}
  self:init_map(opts)
  self.storage = {}
  self.handlers = { events = {}, nth = {} }
  self.defines = self:make_defines()
  self:build_globals()
  return self
end

function Emulator:player_object(index)
  if self.player_objects[index] then return self.player_objects[index] end
  local emu, p = self, self.players[index]
  local function rgba() return { r = p.color.r, g = p.color.g, b = p.color.b, a = p.color.a } end
  local obj = self:object("LuaPlayer", {
    is_valid = function() return not p.removed end,
    getters = {
      index = function() return p.index end,
      name = function() return p.name end,
      connected = function() return p.connected end,
      color = rgba,
      chat_color = rgba,
      physical_position = function() return { x = p.x, y = p.y } end,
      physical_surface_index = function() return p.surface end,
      physical_surface = function() return emu:surface_object(p.surface) end,
      position = function() local v = p.view or p; return { x = v.x, y = v.y } end,
      surface_index = function() return (p.view or p).surface end,
      surface = function() return emu:surface_object((p.view or p).surface) end,
      admin = function() return p.admin == true end,
      force = function() return emu:force_object("player") end,
    },
    setters = {
      color = function(c) p.color = { r = c.r or c[1], g = c.g or c[2], b = c.b or c[3], a = c.a or c[4] or 1 } end,
    },
    methods = {
      print = function(msg) emu.player_messages = emu.player_messages or {}; table.insert(emu.player_messages, { p.index, msg }) end,
    },
  })
  self.player_objects[index] = obj
  return obj
end

local function sorted_players(self, filter)
  local list = {}
  for index = 1, #self.players do
    local p = self.players[index]
    if p and not p.removed and (not filter or filter(p)) then list[#list + 1] = p end
  end
  return list
end

function Emulator:find_player(key)
  if type(key) == "number" then
    local p = self.players[key]
    if p and not p.removed then return p end
    return nil
  end
  for _, p in ipairs(sorted_players(self)) do
    if p.name == key then return p end
  end
  return nil
end

function Emulator:build_globals()
  local emu = self
  local map_getters, map_methods = self:map_globals()
  self.game = self:object("LuaGameScript", {
    getters = {
      tick = function() return emu.tick end,
      players = function()
        return emu:custom_table(function(k)
          local p = emu:find_player(k)
          return p and emu:player_object(p.index)
        end, function()
          local items = {}
          for _, p in ipairs(sorted_players(emu)) do items[#items + 1] = { key = p.index, value = emu:player_object(p.index) } end
          return items
        end)
      end,
      connected_players = function()
        local list = {}
        for _, p in ipairs(sorted_players(emu, function(p) return p.connected end)) do
          list[#list + 1] = emu:player_object(p.index)
        end
        return list
      end,
      surfaces = map_getters.surfaces,
      forces = map_getters.forces,
    },
    methods = {
      get_player = function(k)
        local p = emu:find_player(k)
        return p and emu:player_object(p.index)
      end,
      get_surface = map_methods.get_surface,
      print = map_methods.print,
    },
  })
  self.script = self:object("LuaBootstrap", {
    getters = {
      mod_name = function() return "kafkatorio" end,
      active_mods = function() return { base = emu.game_version, kafkatorio = emu.mod_version } end,
    },
    methods = {
      on_init = function(f) emu.handlers.init = f end,
      on_load = function(f) emu.handlers.load = f end,
      on_configuration_changed = function(f) emu.handlers.configuration_changed = f end,
      on_event = function(id, f)
        if type(id) == "table" then
          for _, i in ipairs(id) do emu.handlers.events[i] = f end
        else
          assert(emu.event_names[id], "script.on_event: unknown event id " .. tostring(id))
          emu.handlers.events[id] = f
        end
      end,
      on_nth_tick = function(n, f)
        if n == nil then emu.handlers.nth = {} return end
        emu.handlers.nth[n] = f
      end,
    },
  })
  local global_settings = setmetatable({}, {
    __index = function(_, name)
      emu:touch("LuaCustomTable", "#index")
      local value = emu.runtime_settings[name]
      if value == nil then error("unknown runtime-global setting '" .. tostring(name) .. "'", 2) end
      return { value = value }
    end,
    __newindex = function() error("LuaCustomTable is read-only", 2) end,
  })
  self.settings = self:object("LuaSettings", {
    getters = { global = function() return global_settings end },
  })
  self.helpers = self:object("LuaHelpers", {
    methods = {
      table_to_json = function(t) return json.encode(t) end,
      encode_string = function(str) return Emulator.encode_string(str) end,
    },
  })
end

---------------------------------------------------------------------------------------------------
-- the mod's Lua state

--- Starts a fresh Lua state and runs control.lua in it (game not yet available, like the game).
function Emulator:new_lua_state()
  local emu = self
  self.handlers = { events = {}, nth = {} }
  self.commands_registered = {} -- commands belong to the Lua state that added them
  self.game_available = false
  local env = {}
  for _, name in ipairs(LUA_BUILTINS) do env[name] = _G[name] end
  local loaded = {}
  local provided = {
    game = function() return emu.game_available and emu.game or nil end,
    script = function() return emu.script end,
    settings = function() return emu.settings end,
    helpers = function() return emu.helpers end,
    prototypes = function() return emu.prototypes end,
    commands = function() return emu.commands end,
    defines = function() return emu.defines end,
    storage = function() return emu.storage end,
    print = function() return function(...) emu:mod_print(...) end end,
    log = function() return function(msg) table.insert(emu.logged, tostring(msg)) end end,
    require = function()
      return function(name)
        if loaded[name] ~= nil then return loaded[name] end
        local path
        if name == "event_handler" then
          path = here .. "/event_handler.lua"
        else
          path = emu.mod_dir .. "/" .. name:gsub("%.", "/") .. ".lua"
        end
        local chunk = assert(loadfile(path, "t", env))
        local result = chunk(name)
        if result == nil then result = true end
        loaded[name] = result
        return result
      end
    end,
  }
  setmetatable(env, {
    __index = function(_, k)
      emu.touched_globals[k] = true
      Emulator.registry.globals[k] = true
      local get = provided[k]
      if get then return get() end
      return nil
    end,
    __newindex = function(_, k)
      error("the mod assigned the global '" .. tostring(k) .. "' (use local or storage)", 2)
    end,
  })
  self.env = env
  local control = assert(loadfile(self.mod_dir .. "/control.lua", "t", env))
  control()
end

--- New game: control.lua, then on_init at tick 0.
function Emulator:init()
  self:new_lua_state()
  self.game_available = true
  if self.handlers.init then self.handlers.init() end
  return self
end

--- Simulates a save followed by a load (e.g. a server restart): storage survives (deep copied),
--- the Lua state is fresh, on_load runs without game and must not change storage. With
--- opts.mod_version a mod update is simulated (on_configuration_changed follows).
--- opts.restart also disconnects every player (the server process went away); opts.storage
--- loads a save made elsewhere (its storage table) into an emulator that never ran on_init.
function Emulator:reload(opts)
  opts = opts or {}
  if opts.storage then self.storage = opts.storage end
  if opts.restart then
    for _, p in ipairs(sorted_players(self)) do p.connected = false end
  end
  self.storage = deepcopy(self.storage)
  local before = json.encode(self.storage)
  local old_version = self.mod_version
  self:new_lua_state()
  if self.handlers.load then self.handlers.load() end
  assert(json.encode(self.storage) == before, "on_load changed storage (the game forbids that)")
  self.game_available = true
  if opts.mod_version and opts.mod_version ~= old_version then
    self.mod_version = opts.mod_version
    if self.handlers.configuration_changed then
      self.handlers.configuration_changed({
        mod_changes = { kafkatorio = { old_version = old_version, new_version = opts.mod_version } },
        mod_startup_settings_changed = false,
        migration_applied = false,
      })
    end
  end
  return self
end

function Emulator:mod_print(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  local line = table.concat(parts, "\t")
  local s = self:tick_stats()
  s.bytes = s.bytes + #line + 1
  s.lines = s.lines + 1
  if line:sub(1, 5) ~= "KFKTR" then
    -- a plain console line (progress messages): stdout only, never mistaken for a packet line
    table.insert(self.plain, { tick = self.tick, line = line })
    table.insert(self.stdout, line)
    return
  end
  table.insert(self.printed, { tick = self.tick, line = line })
  table.insert(self.stdout, line)
end

--- A line the server itself writes (log lines, [JOIN], ...), for the demo recording.
function Emulator:server_line(line)
  table.insert(self.stdout, line)
end

--- Raises an event by name with the given data, if the mod registered it.
function Emulator:raise(name, data)
  local id = self.event_ids[name]
  assert(id, "unknown event " .. name)
  Emulator.registry.events[name] = true
  local handler = self.handlers.events[id]
  if not handler then return end
  local event = data or {}
  event.name, event.tick = id, self.tick
  handler(event)
end

---------------------------------------------------------------------------------------------------
-- driver

local DEFAULT_COLORS = {
  { r = 0.869, g = 0.5, b = 0.130, a = 0.5 }, { r = 0.815, g = 0.024, b = 0.0, a = 0.5 },
  { r = 0.143, g = 0.177, b = 0.883, a = 0.5 }, { r = 0.0, g = 0.7, b = 0.2, a = 0.5 },
}

--- Creates a player (not connected) and raises on_player_created. opts: name, color, x, y, surface.
function Emulator:create_player(opts)
  local index = #self.players + 1
  local p = {
    index = index, name = opts.name or ("player" .. index), connected = false,
    color = opts.color or DEFAULT_COLORS[(index - 1) % #DEFAULT_COLORS + 1],
    surface = opts.surface or 1, x = Emulator.snap(opts.x or 0), y = Emulator.snap(opts.y or 0),
    dead = false, removed = false, speed = 0.15, admin = opts.admin,
  }
  self.players[index] = p
  self:raise("on_player_created", { player_index = index })
  return index
end

function Emulator:player(key)
  local p = self:find_player(key)
  assert(p, "no such player " .. tostring(key))
  return p
end

--- Connects a player (creating it first if needed) and raises on_player_joined_game.
function Emulator:join(key, opts)
  local p = self:find_player(key)
  if not p then
    opts = opts or {}
    if type(key) == "string" then opts.name = key end
    p = self.players[self:create_player(opts)]
  end
  assert(not p.connected, p.name .. " is already connected")
  p.connected = true
  self:raise("on_player_joined_game", { player_index = p.index })
  self:reveal(p)
  return p.index
end

function Emulator:leave(key, reason)
  local p = self:player(key)
  assert(p.connected, p.name .. " is not connected")
  p.connected = false
  p.path = nil
  self:raise("on_player_left_game", { player_index = p.index, reason = reason or 0 })
end

--- Moves a player to (x, y) (snapped to 1/256) and raises on_player_changed_position if it moved.
function Emulator:teleport(key, x, y)
  local p = self:player(key)
  x, y = Emulator.snap(x), Emulator.snap(y)
  if x == p.x and y == p.y then return end
  p.x, p.y = x, y
  self:raise("on_player_changed_position", { player_index = p.index })
end

--- Makes a player walk through waypoints ({x=, y=} or {wait=ticks}) at `speed` tiles per tick
--- (0.15 = a running character), one step per tick from the next tick on.
function Emulator:walk(key, waypoints, speed)
  local p = self:player(key)
  p.path = deepcopy(waypoints)
  p.speed = speed or 0.15
end

function Emulator:is_walking(key)
  local p = self:player(key)
  return p.path ~= nil and #p.path > 0
end

--- Remote view (2.0): the camera moves, the physical position does not.
function Emulator:set_remote_view(key, surface, x, y)
  local p = self:player(key)
  local old_surface = (p.view or p).surface
  p.view = surface and { surface = surface, x = x, y = y } or nil
  self:raise("on_player_changed_position", { player_index = p.index })
  if (p.view or p).surface ~= old_surface then
    self:raise("on_player_changed_surface", { player_index = p.index, surface_index = old_surface })
  end
end

function Emulator:kill(key)
  local p = self:player(key)
  p.path = nil
  p.dead = true
  self:raise("on_pre_player_died", { player_index = p.index })
  self:raise("on_player_died", { player_index = p.index })
end

--- Respawns a dead player at the spawn (0, 0) of nauvis.
function Emulator:respawn(key)
  local p = self:player(key)
  assert(p.dead, p.name .. " is not dead")
  p.dead = false
  local old_surface = p.surface
  p.surface, p.x, p.y = 1, 0, 0
  if old_surface ~= 1 then
    self:raise("on_player_changed_surface", { player_index = p.index, surface_index = old_surface })
  end
  self:raise("on_player_respawned", { player_index = p.index })
end

function Emulator:change_surface(key, surface, x, y)
  local p = self:player(key)
  assert(self.surfaces[surface], "no surface " .. tostring(surface))
  local old = p.surface
  p.path = nil
  p.surface, p.x, p.y = surface, Emulator.snap(x or 0), Emulator.snap(y or 0)
  self:raise("on_player_changed_surface", { player_index = p.index, surface_index = old })
  self:reveal(p)
end

function Emulator:remove_player(key)
  local p = self:player(key)
  self:raise("on_pre_player_removed", { player_index = p.index })
  p.removed, p.connected = true, false
  self:raise("on_player_removed", { player_index = p.index })
end

function Emulator:set_color(key, c)
  self:player(key).color = c
end

function Emulator:set_setting(name, value)
  assert(self.runtime_settings[name] ~= nil, "unknown setting " .. name)
  self.runtime_settings[name] = value
  self:raise("on_runtime_mod_setting_changed", { setting = name, setting_type = "runtime-global" })
end

local function step(p)
  local target = p.path[1]
  if target.wait then
    target.wait = target.wait - 1
    if target.wait <= 0 then table.remove(p.path, 1) end
    if #p.path == 0 then p.path = nil end
    return
  end
  local dx, dy = target.x - p.x, target.y - p.y
  local dist = math.sqrt(dx * dx + dy * dy)
  if dist <= p.speed then
    p.x, p.y = Emulator.snap(target.x), Emulator.snap(target.y)
    table.remove(p.path, 1)
    if #p.path == 0 then p.path = nil end
  else
    p.x = Emulator.snap(p.x + dx / dist * p.speed)
    p.y = Emulator.snap(p.y + dy / dist * p.speed)
  end
end

--- Advances `n` ticks. Each tick: game.tick += 1, on_tick, on_nth_tick handlers (ascending n), then
--- walking players move (on_player_changed_position, by player index). Driver calls between
--- advances happen in the current tick, after its on_tick.
function Emulator:advance(n)
  for _ = 1, n or 1 do
    self.tick = self.tick + 1
    self:tick_stats()
    local on_tick = self.handlers.events[self.event_ids.on_tick]
    if on_tick then on_tick({ name = self.event_ids.on_tick, tick = self.tick }) end
    local ns = {}
    for k in pairs(self.handlers.nth) do ns[#ns + 1] = k end
    table.sort(ns)
    for _, k in ipairs(ns) do
      if self.tick % k == 0 then self.handlers.nth[k]({ tick = self.tick, nth_tick = k }) end
    end
    for index = 1, #self.players do
      local p = self.players[index]
      if p and p.path and not p.removed and not p.dead then
        local x, y = p.x, p.y
        step(p)
        if p.x ~= x or p.y ~= y then
          self:raise("on_player_changed_position", { player_index = p.index })
          self:reveal(p)
        end
      end
    end
    if self.after_tick then self.after_tick(self.tick) end
  end
  return self
end

--- Lines the mod printed (strings), optionally only since index `from`.
function Emulator:lines(from)
  local out = {}
  for i = from or 1, #self.printed do out[#out + 1] = self.printed[i].line end
  return out
end

require("emulator.entities")(Emulator)
require("emulator.map")(Emulator)

return Emulator
