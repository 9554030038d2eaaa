local Emulator = require("emulator")
local mod = require("support.mod")

local INTERVAL = "kafkatorio-player-interval-ticks"

describe("scripts.players", function()
  local emu
  before_each(function()
    emu = mod.start()
  end)

  describe("events", function()
    it("reports a join with the player's full state", function()
      local from = mod.mark(emu)
      emu:join("alice", { x = 0.5, y = -2.25, color = { r = 1, g = 0.5, b = 0, a = 1 } })
      emu:advance(1)
      local p = mod.player_packets(emu, from)
      assert.equals(1, #p)
      assert.same({ index = 1, name = "alice", event = "joined", surface = 1, x = 0.5, y = -2.25,
        color = "#ff8000", connected = true }, p[1].data)
      assert.equals(1, p[1].tick)
    end)

    it("reports leave, death, respawn, surface changes and removal", function()
      emu:add_surface("vulcanus")
      emu:join("alice", { x = 10, y = 20 })
      emu:advance(40)
      local from = mod.mark(emu)
      emu:change_surface("alice", 2, 5, 6); emu:advance(40)
      emu:kill("alice"); emu:advance(40)
      emu:respawn("alice"); emu:advance(40)
      emu:leave("alice"); emu:advance(40)
      emu:remove_player("alice"); emu:advance(1)
      local events, states = {}, {}
      for _, p in ipairs(mod.player_packets(emu, from)) do
        events[#events + 1] = p.data.event
        states[#states + 1] = { p.data.surface, p.data.x, p.data.y, p.data.connected }
      end
      -- respawning on nauvis is also a physical surface change
      assert.same({ "surface-changed", "died", "surface-changed", "respawned", "left", "removed" }, events)
      assert.same({ { 2, 5, 6, true }, { 2, 5, 6, true }, { 1, 0, 0, true }, { 1, 0, 0, true },
        { 1, 0, 0, false }, { 1, 0, 0, false } }, states)
    end)

    it("keeps every discrete event of one tick, in order", function()
      emu:join("alice")
      emu:kill("alice")
      emu:respawn("alice")
      emu:leave("alice")
      local from = mod.mark(emu)
      emu:advance(1)
      local events = {}
      for _, p in ipairs(mod.player_packets(emu, from)) do events[#events + 1] = p.data.event end
      assert.same({ "joined", "died", "respawned", "left" }, events)
    end)

    it("reports the physical position and surface, not the remote-view camera", function()
      emu:add_surface("vulcanus")
      emu:join("alice", { x = 3, y = 4 })
      emu:advance(60)
      local from = mod.mark(emu)
      emu:set_remote_view("alice", 2, 100, 100)
      emu:advance(120)
      assert.same({}, mod.player_packets(emu, from))
      emu:teleport("alice", 7, 8)
      emu:advance(1)
      local p = mod.player_packets(emu, from)
      assert.equals(1, #p)
      assert.same({ "moved", 1, 7, 8 }, { p[1].data.event, p[1].data.surface, p[1].data.x, p[1].data.y })
    end)

    it("prints a player's name as data, whatever it looks like", function()
      local from = mod.mark(emu)
      emu:join('<b>Engineer</b> "quoted" \\ back')
      emu:advance(1)
      local p = mod.player_packets(emu, from)
      assert.equals('<b>Engineer</b> "quoted" \\ back', p[1].data.name)
    end)

    it("ignores events for players that are gone", function()
      emu:join("alice")
      emu:advance(1)
      local from = mod.mark(emu)
      emu:remove_player("alice")
      emu:raise("on_player_died", { player_index = 1 })
      emu:raise("on_player_joined_game", { player_index = 99 })
      emu:raise("on_player_changed_position", { player_index = 1 })
      emu:raise("on_player_removed", { player_index = 1 })
      emu:advance(100)
      local events = {}
      for _, p in ipairs(mod.player_packets(emu, from)) do events[#events + 1] = p.data.event end
      assert.same({ "removed" }, events)
    end)

    it("converts colours to lowercase #rrggbb on either scale", function()
      local from = mod.mark(emu)
      emu:join("a", { color = { r = 0.1, g = 0.55, b = 0.9, a = 0.5 } })
      emu:join("b", { color = { r = 255, g = 10, b = 171, a = 255 } })
      emu:advance(1)
      local p = mod.player_packets(emu, from)
      assert.same({ "#1a8ce6", "#ff0aab" }, { p[1].data.color, p[2].data.color })
    end)
  end)

  describe("movement throttling", function()
    local function moved_ticks(from, index)
      local ticks = {}
      for _, p in ipairs(mod.player_packets(emu, from, "moved")) do
        if not index or p.data.index == index then ticks[#ticks + 1] = p.tick end
      end
      return ticks
    end

    it("reports a walking player at most once every N ticks (N from the setting)", function()
      emu:join("alice")
      local from = mod.mark(emu)
      emu:walk("alice", { { x = 100, y = 0 } })
      emu:advance(200)
      -- joined at tick 1: moves are due at 31, 61, ...
      assert.same({ 31, 61, 91, 121, 151, 181 }, moved_ticks(from))
    end)

    it("follows a change of the setting at runtime", function()
      emu:join("alice")
      emu:walk("alice", { { x = 100, y = 0 } })
      emu:advance(30) -- tick 31: first move
      local from = mod.mark(emu)
      emu:set_setting(INTERVAL, 7)
      emu:advance(28)
      assert.same({ 38, 45, 52, 59 }, moved_ticks(from))
    end)

    it("reports nothing for a player standing still, and the final position when it stops", function()
      emu:join("alice")
      emu:walk("alice", { { x = 1, y = 0 } }) -- 7 steps of 0.15 tiles
      local from = mod.mark(emu)
      emu:advance(300)
      local p = mod.player_packets(emu, from, "moved")
      assert.equals(1, #p)
      assert.same({ 1, 0 }, { p[1].data.x, p[1].data.y })
    end)

    it("uses interval 1 for every tick", function()
      emu = mod.start({ [INTERVAL] = 1 })
      emu:join("alice")
      emu:walk("alice", { { x = 100, y = 0 } })
      local from = mod.mark(emu)
      emu:advance(5)
      assert.same({ 3, 4, 5, 6 }, moved_ticks(from)) -- moves from tick 2, each printed on the next tick
    end)

    it("queues at most 32 moved players per tick; the others follow on the next ticks", function()
      emu = mod.start({ [INTERVAL] = 1 })
      for i = 1, 80 do emu:join("p" .. i) end
      emu:advance(1)
      for i = 1, 80 do emu:teleport("p" .. i, i, 1) end
      local from = mod.mark(emu)
      emu:advance(1)
      assert.equals(32, #mod.player_packets(emu, from, "moved"))
      emu:advance(2)
      local seen = {}
      for _, p in ipairs(mod.player_packets(emu, from, "moved")) do
        assert.is_nil(seen[p.data.index])
        seen[p.data.index] = true
        assert.equals(p.data.index, p.data.x)
      end
      local n = 0
      for _ in pairs(seen) do n = n + 1 end
      assert.equals(80, n)
    end)
  end)

  describe("sessions", function()
    it("starts with session-start (init) and prints seqs 1, 2, 3, ... in order", function()
      emu:join("alice")
      emu:walk("alice", { { x = 50, y = 50 } })
      emu:advance(700)
      local packets = mod.packets(emu)
      assert.equals("session-start", packets[1].type)
      assert.same({ game = "2.0.77", mod = "0.1.0", reason = "init" }, packets[1].data)
      assert.equals(1, packets[1].tick)
      for i, p in ipairs(packets) do assert.equals(i, p.seq) end
    end)

    it("after a load: session-start (load) with seq 1 first, then a snapshot of every player", function()
      emu:join("alice", { x = 1, y = 2 })
      emu:join("bob")
      emu:join("carol")
      emu:leave("bob")
      emu:advance(100)
      emu:reload({ restart = false })
      local from = mod.mark(emu)
      emu:join("dave") -- processed before the first on_tick of the loaded game
      emu:advance(1)
      local packets = mod.packets(emu, from)
      assert.equals("session-start", packets[1].type)
      assert.equals("load", packets[1].data.reason)
      assert.equals(1, packets[1].seq)
      local seen = {}
      for i, p in ipairs(packets) do
        assert.equals(i, p.seq)
        if p.type == "player" then seen[p.data.name] = { p.data.event, p.data.connected } end
      end
      assert.same({ alice = { "snapshot", true }, bob = { "snapshot", false }, carol = { "snapshot", true },
        dave = { "joined", true } }, seen)
    end)

    it("survives a mod update: storage migrated, session-start reports the new version", function()
      emu:reload({ mod_version = "0.2.0" })
      local from = mod.mark(emu)
      emu:advance(1)
      assert.equals(3, emu.storage.kafkatorio.schema)
      assert.equals("0.2.0", mod.packets(emu, from)[1].data.mod)
    end)

    it("creates storage when added to an existing save with a missing or old table", function()
      emu.storage.kafkatorio = nil
      emu:reload({ mod_version = "0.1.1" })
      assert.equals(3, emu.storage.kafkatorio.schema)
      assert.is_table(emu.storage.kafkatorio.map)
      assert.is_table(emu.storage.kafkatorio.entities)
    end)

    it("sends a heartbeat with the number of connected players every 600 ticks", function()
      emu:join("a"); emu:join("b"); emu:join("c"); emu:leave("b")
      emu:advance(1300)
      local beats = {}
      for _, p in ipairs(mod.packets(emu)) do
        if p.type == "heartbeat" then beats[#beats + 1] = { p.tick, p.data.online } end
      end
      assert.same({ { 600, 2 }, { 1200, 2 } }, beats)
    end)

    it("follows the heartbeat interval setting", function()
      emu:set_setting("kafkatorio-heartbeat-interval-ticks", 120)
      emu:advance(400)
      local ticks = {}
      for _, p in ipairs(mod.packets(emu)) do
        if p.type == "heartbeat" then ticks[#ticks + 1] = p.tick end
      end
      assert.same({ 120, 240, 360 }, ticks)
    end)
  end)

  describe("budgets", function()
    it("prints at most 32 KiB per tick and catches up on the next ticks without losing a player", function()
      emu = Emulator.new()
      for i = 1, 1000 do emu:create_player({ name = string.rep("n", 40) .. i }) end
      emu:init()
      emu:advance(20)
      local max, total = 0, 0
      for tick = 1, 20 do
        local s = emu:tick_stats(tick)
        if s.bytes > max then max = s.bytes end
        total = total + s.lines
      end
      assert.is_true(max <= 32 * 1024, "printed " .. max .. " bytes in one tick")
      assert.is_true(max > 16 * 1024)
      assert.is_true(total >= 1001)
      assert.equals(1000, #mod.player_packets(emu, 1, "snapshot"))
    end)

    it("does no work in a quiet tick beyond the setting and queue checks", function()
      emu:join("alice")
      emu:advance(5)
      local s = emu:tick_stats(emu.tick)
      assert.equals(0, s.bytes)
      assert.is_true(s.api_calls <= 2, "quiet tick made " .. s.api_calls .. " API calls")
    end)

    it("bounds API calls per tick with many moving players", function()
      emu = mod.start({ [INTERVAL] = 1 })
      for i = 1, 200 do
        emu:join("p" .. i)
        emu:walk("p" .. i, { { x = 1000, y = i } })
      end
      emu:advance(10)
      for tick = 3, 11 do
        assert.is_true(emu:tick_stats(tick).api_calls < 32 * 16, "tick " .. tick .. ": " .. emu:tick_stats(tick).api_calls)
      end
    end)
  end)

  it("leaks no globals and touches only API members that exist", function()
    -- the emulator raises on global assignment and unknown members; a full run proves neither happens
    emu:join("alice")
    emu:walk("alice", { { x = 10, y = 10 } })
    emu:advance(100)
    assert.is_true(#emu.printed > 0)
  end)
end)
