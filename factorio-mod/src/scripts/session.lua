--- Session start: the first packet after every Lua-state load (new game or loaded save), followed by
--- whatever the map needs to rebuild its picture (the listeners, e.g. a snapshot of every player).
local console = require("scripts.console")

--- Version of the storage layout below; bump it and add a step to `migrate` when it changes.
local STORAGE_SCHEMA = 3

---@class KafkatorioStorage
---@field schema integer layout version of this table
---@field map KafkatorioMapStorage? map export state (scripts/terrain.lua), schema 2
---@field entities KafkatorioEntityStorage? entity export state (scripts/reconcile.lua), schema 3

local session = {}

--- "init" | "load" while a session-start is owed, nil once printed. on_init/on_load may not print
--- (on_load may not touch game), so the packet goes out on the next tick.
---@type string?
local pending_reason = nil
---@type fun()[]
local listeners = {}

--- Registers a function run right after session-start is queued. Call at require time.
---@param listener fun()
function session.on_start(listener)
  listeners[#listeners + 1] = listener
end

local function migrate()
  ---@type KafkatorioStorage
  local s = storage.kafkatorio
  if type(s) ~= "table" then
    s = { schema = 0 }
    storage.kafkatorio = s
  end
  -- one step per schema version goes here
  -- 2: map export (scripts/terrain.lua creates storage.kafkatorio.map and starts a backfill)
  -- 3: entities (scripts/reconcile.lua creates storage.kafkatorio.entities and, unless one is
  --    running, starts a backfill so every charted chunk gets its first entity snapshot)
  s.schema = STORAGE_SCHEMA
end

--- Runs the listeners again without a session-start: re-sends what the map needs (/kafkatorio-resync).
function session.resend()
  for i = 1, #listeners do
    listeners[i]()
  end
end

local function produce()
  if not pending_reason then return end
  local mods = script.active_mods
  console.emit("session-start", {
    mod = mods[script.mod_name] or "unknown",
    game = mods.base or "unknown",
    reason = pending_reason,
  }, nil, true)
  pending_reason = nil
  for i = 1, #listeners do
    listeners[i]()
  end
end
console.add_producer(produce)

session.on_init = function()
  migrate()
  pending_reason = "init"
end

session.on_load = function()
  pending_reason = "load"
end

session.on_configuration_changed = function()
  migrate()
end

return session
