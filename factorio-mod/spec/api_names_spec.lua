local Emulator = require("emulator")
local api_check = require("support.api_check")
local demo = require("demo_scenario")

local function mod_sources()
  local paths = {}
  local p = assert(io.popen("find " .. Emulator.MOD_DIR .. " -name '*.lua' | sort"))
  for line in p:lines() do paths[#paths + 1] = line end
  p:close()
  return paths
end

--- Runs every scenario that exercises the mod and returns what it touched.
local function tour()
  local _, emu = demo.recorded()
  local e = Emulator.new():init()
  e:add_surface("vulcanus")
  e:join("alice")
  e:set_remote_view("alice", 2, 5, 5)
  e:set_remote_view("alice", nil)
  e:walk("alice", { { x = 3, y = 3 } })
  e:advance(100)
  e:set_setting("kafkatorio-player-interval-ticks", 5)
  e:set_setting("kafkatorio-heartbeat-interval-ticks", 120)
  e:kill("alice"); e:advance(2); e:respawn("alice")
  e:change_surface("alice", 2); e:advance(2)
  e:leave("alice"); e:remove_player("alice")
  e:advance(700)
  e:reload({ restart = true, mod_version = "0.1.1" }); e:advance(2)
  -- the factory: every entity and tag path
  e:chart(1, -1, -1, 1, 1); e:chart(2, -1, -1, 1, 1); e:advance(20)
  e:join("bob")
  local belt = e:build({ player = 2, surface = 1, name = "transport-belt", x = 1.5, y = 1.5 })
  local g = e:place_ghost(2, 1, "inserter", 2.5, 1.5); local ins = e:robot_build_ghost(g)
  local g2 = e:place_ghost(2, 1, "inserter", 3.5, 1.5); e:mine(g2, "player", 2)
  e:rotate(belt, 2); e:flip(ins, 2)
  e:order_upgrade(belt, "fast-transport-belt", 2); e:advance(1)
  local fast = e:replace(belt, "fast-transport-belt", "robot")
  e:order_deconstruction(fast, 2); e:cancel_deconstruction(fast, 2); e:order_deconstruction(fast, 2)
  e:mine(fast, "robot")
  local c = e:clone_entity(ins, 5.5, 5.5); e:teleport_entity(c, 6.5, 6.5); e:teleport_entity(c, 1.5, 1.5, 2)
  e:kill_entity(ins); e:script_destroy(c)
  e:build({ by = "script", surface = 1, name = "pipe", x = 7.5, y = 1.5 })
  e:build({ by = "revive", surface = 1, name = "pipe", x = 8.5, y = 1.5 })
  local p = e:build({ by = "platform", surface = 1, name = "pipe", x = 9.5, y = 1.5 }); e:mine(p, "platform")
  local ore = e:chunk(1, 0, 0).ores[1]
  if ore then e:deplete(1, ore.x, ore.y) end
  local t = e:add_tag({ surface = 1, x = 1, y = 2, text = "t", icon = { type = "item", name = "iron-ore" }, player = 2 })
  e:edit_tag(t, { text = "u", surface = 2 }, 2); e:remove_tag(t, 2)
  e:silently(e:place({ surface = 1, name = "tree-01", x = 3, y = 3 }), { dir = 0 })
  e:advance(60)
  e:command("kafkatorio-resync"); e:advance(60)
  return { emu, e }
end

describe("API names", function()
  it("every define, event, class member and global the mod uses exists in 2.0.77 and 2.1.9", function()
    local emus = tour()
    local used = { members = Emulator.registry.members, globals = {}, defines = {}, events = {} }
    for d in pairs(api_check.scan_defines(mod_sources())) do used.defines[d] = true end
    for d in pairs(Emulator.registry.defines) do used.defines[d] = true end
    for g in pairs(Emulator.registry.globals) do used.globals[g] = true end
    for _, emu in ipairs(emus) do
      for id in pairs(emu.handlers.events) do used.events[emu.event_names[id]] = true end
    end
    assert.same({}, api_check.unknown(used))
    -- the check saw what matters
    assert.is_true(used.members["LuaPlayer.physical_position"])
    assert.is_true(used.members["LuaHelpers.table_to_json"])
    assert.is_true(used.events["on_player_removed"] and used.events["on_runtime_mod_setting_changed"])
    assert.is_true(used.defines["defines.events.on_player_changed_position"])
    assert.is_true(used.globals["game"] and used.globals["settings"])
  end)

  it("finds defines in source text, ignoring comments", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("local a = defines.events.on_tick\n-- defines.events.in_a_comment\nx[defines.events.on_player_flew] = 1\n")
    f:close()
    local found = api_check.scan_defines({ path })
    os.remove(path)
    assert.is_truthy(found["defines.events.on_tick"])
    assert.is_truthy(found["defines.events.on_player_flew"])
    assert.is_nil(found["defines.events.in_a_comment"])
  end)

  it("reports an unknown name, naming it and the version", function()
    local problems = api_check.unknown({
      members = { ["LuaPlayer.name"] = true, ["LuaPlayer.teleport_to_moon"] = true },
      defines = { ["defines.events.on_tick"] = true, ["defines.events.on_player_flew"] = true },
      globals = { game = true, storage = true, gmae = true },
      events = { on_player_died = true, on_player_flew = true },
    })
    assert.same({
      "member LuaPlayer.teleport_to_moon (unknown in 2.0.77)",
      "define defines.events.on_player_flew (unknown in 2.0.77)",
      "global gmae (unknown in 2.0.77)",
      "event on_player_flew (unknown in 2.0.77)",
      "member LuaPlayer.teleport_to_moon (unknown in 2.1.9)",
      "define defines.events.on_player_flew (unknown in 2.1.9)",
      "global gmae (unknown in 2.1.9)",
      "event on_player_flew (unknown in 2.1.9)",
    }, problems)
  end)

  it("reports a name that only one version has", function()
    -- LuaBootstrap.new_notification_queue exists in 2.1.9 only
    assert.same({ "member LuaBootstrap.new_notification_queue (unknown in 2.0.77)" },
      api_check.unknown({ members = { ["LuaBootstrap.new_notification_queue"] = true } }))
  end)

  it("makes emulated objects refuse members their class lacks", function()
    local emu = Emulator.new():init()
    emu:join("alice")
    local player = emu.game.get_player(1)
    assert.has_error(function() return player.teleport_to_moon end, "LuaPlayer has no member 'teleport_to_moon' in the 2.0.77 runtime API")
    assert.has_error(function() player.name = "x" end, "LuaPlayer.name is read-only")
    assert.has_error(function() return emu.defines.events.on_player_flew end)
  end)
end)
