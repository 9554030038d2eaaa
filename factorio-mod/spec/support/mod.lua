--- Helpers for specs that run the mod in the emulator.
local cjson = require("cjson")
local Emulator = require("emulator")
local contract = require("support.contract")

local mod = {}

--- A new game with the mod (on_init at tick 0), the first tick run (session-start printed).
function mod.start(settings)
  local emu = Emulator.new({ settings = settings })
  emu:init()
  emu:advance(1)
  return emu
end

--- Decoded packets printed since printed-line index `from` (default: all).
function mod.packets(emu, from)
  local packets, errors = contract.validate(emu:lines(from))
  assert(#errors == 0, table.concat(errors, "\n"))
  return packets
end

--- Player packets since `from`, optionally only for one event.
function mod.player_packets(emu, from, event)
  local out = {}
  for _, p in ipairs(mod.packets(emu, from)) do
    if p.type == "player" and (not event or p.data.event == event) then out[#out + 1] = p end
  end
  return out
end

function mod.mark(emu)
  return #emu.printed + 1
end

mod.decode = cjson.decode
return mod
