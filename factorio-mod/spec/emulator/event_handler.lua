-- An implementation of the semantics of the game's core/lualib/event_handler.lua, loaded into the
-- mod's emulated Lua state as require("event_handler"). Libraries are registered in order; on_init
-- and on_load register every library's `events` and `on_nth_tick` (once) and then call each
-- library's on_init / on_load; on_configuration_changed is forwarded to every library. Several
-- libraries may handle one event: they run in registration order.
-- (The game keys handlers by library index and iterates with pairs; the emulator makes the order
-- explicit so that runs are deterministic.)
local libraries = {}
local registered = false

local function add_remote_interfaces_and_commands()
  for _, lib in ipairs(libraries) do
    if lib.add_remote_interface then lib.add_remote_interface() end
    if lib.add_commands then lib.add_commands() end
  end
end

local function register_events()
  if registered then return end
  registered = true
  add_remote_interfaces_and_commands()
  local all_events, event_order = {}, {}
  local nth, nth_order = {}, {}
  for _, lib in ipairs(libraries) do
    if lib.events then
      local keys = {}
      for k in pairs(lib.events) do keys[#keys + 1] = k end
      table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
      for _, k in ipairs(keys) do
        if not all_events[k] then all_events[k] = {}; event_order[#event_order + 1] = k end
        table.insert(all_events[k], lib.events[k])
      end
    end
    if lib.on_nth_tick then
      local keys = {}
      for n in pairs(lib.on_nth_tick) do keys[#keys + 1] = n end
      table.sort(keys)
      for _, n in ipairs(keys) do
        if not nth[n] then nth[n] = {}; nth_order[#nth_order + 1] = n end
        table.insert(nth[n], lib.on_nth_tick[n])
      end
    end
  end
  for _, k in ipairs(event_order) do
    local handlers = all_events[k]
    script.on_event(k, function(event)
      for i = 1, #handlers do handlers[i](event) end
    end)
  end
  for _, n in ipairs(nth_order) do
    local handlers = nth[n]
    script.on_nth_tick(n, function(event)
      for i = 1, #handlers do handlers[i](event) end
    end)
  end
end

script.on_init(function()
  register_events()
  for _, lib in ipairs(libraries) do
    if lib.on_init then lib.on_init() end
  end
end)

script.on_load(function()
  register_events()
  for _, lib in ipairs(libraries) do
    if lib.on_load then lib.on_load() end
  end
end)

script.on_configuration_changed(function(event)
  for _, lib in ipairs(libraries) do
    if lib.on_configuration_changed then lib.on_configuration_changed(event) end
  end
end)

local handler = {}

function handler.add_lib(lib)
  for _, current in ipairs(libraries) do
    if current == lib then error("Trying to register same lib twice") end
  end
  table.insert(libraries, lib)
end

function handler.add_libraries(libs)
  for _, lib in ipairs(libs) do
    handler.add_lib(lib)
  end
end

return handler
