--- The scripted, deterministic demo: the real mod in the emulator, and the console of a headless
--- server around it. `record()` returns the whole console as one string. Used by
--- tools/record-demo.lua (writes the committed recording) and spec/demo_spec.lua (checks it).
local Emulator = require("emulator")

local demo = {}

local TPS = 60
local SAVE_TICK = 432000 -- the save is 2 hours into the game: heartbeats land on whole 10 s
local START_SECONDS = 2.25 -- process uptime when the save starts running
local DURATION = 180 * TPS
local CLOCK = 9 * 3600 -- 09:00:00 on 2026-11-27 when the process started

local function uptime(emu)
  return START_SECONDS + (emu.tick - SAVE_TICK) / TPS
end

local function stamp(seconds)
  local s = math.floor(CLOCK + seconds)
  return string.format("2026-11-27 %02d:%02d:%02d", math.floor(s / 3600) % 24, math.floor(s / 60) % 60, s % 60)
end

local function info(emu, offset, text)
  emu:server_line(string.format("%8.3f %s", uptime(emu) + offset, text))
end

local function square(cx, cy, r, laps)
  local path = {}
  for _ = 1, laps do
    path[#path + 1] = { x = cx - r, y = cy - r }
    path[#path + 1] = { x = cx + r, y = cy - r }
    path[#path + 1] = { wait = 90 }
    path[#path + 1] = { x = cx + r, y = cy + r }
    path[#path + 1] = { x = cx - r, y = cy + r }
    path[#path + 1] = { wait = 45 }
  end
  return path
end

local peers = {}

local function join(emu, name, peer, opts)
  peers[name] = peer
  info(emu, 0.004, string.format("Info ServerMultiplayerManager.cpp:1061: Received peer info for peer(%d) username(%s).", peer, name))
  info(emu, 0.006, string.format("Info ServerMultiplayerManager.cpp:823: Received state change from peer(%d) (ConnectedDownloadingMap)", peer))
  info(emu, 0.009, string.format("Info ServerMultiplayerManager.cpp:823: Received state change from peer(%d) (ConnectedLoadingMap)", peer))
  info(emu, 0.011, string.format("Info ServerMultiplayerManager.cpp:823: Received state change from peer(%d) (TryingToCatchUp)", peer))
  info(emu, 0.014, string.format("Info ServerMultiplayerManager.cpp:823: Received state change from peer(%d) (WaitingForCommandToStartSendingTickClosures)", peer))
  local p = emu:find_player(name)
  local index = p and p.index or (#emu.players + 1)
  info(emu, 0.016, string.format("Info GameActionHandler.cpp:5237: MapTick(%d) processed PlayerJoinGame peerID(%d) playerIndex(%d) mode(connect)", emu.tick, peer, index - 1))
  emu:server_line(stamp(uptime(emu)) .. " [JOIN] " .. name .. " joined the game")
  emu:join(name, opts)
end

local function leave(emu, name)
  local peer = peers[name]
  info(emu, 0.002, string.format("Info ServerMultiplayerManager.cpp:1200: Received peer disconnect for peer(%d) reason(Quit)", peer))
  info(emu, 0.003, string.format("Info GameActionHandler.cpp:5237: MapTick(%d) processed PlayerLeaveGame peerID(%d) playerIndex(%d) reason(quit)", emu.tick, peer, emu:player(name).index - 1))
  emu:server_line(stamp(uptime(emu)) .. " [LEAVE] " .. name .. " left the game")
  emu:leave(name)
end

local function chat(emu, name, text)
  emu:server_line(stamp(uptime(emu)) .. " [CHAT] " .. name .. ": " .. text)
end

local ENGINEER = "<b>Engineer</b>"

--- The demo factory near spawn, built over time: an ore patch mined by drills feeding a belt to
--- furnaces, inserters into assemblers, poles, and a short rail with a train stop. Each step is
--- {seconds, function(emu, ids)}; ids collects what later steps deconstruct.
local function ore_patch(emu)
  -- the nearest ore tiles to spawn in the charted area, for the drills
  local best
  for cy = -2, 2 do
    for cx = -2, 2 do
      for _, ore in ipairs(emu:chunk(1, cx, cy).ores) do
        if ore.name ~= "crude-oil" then
          local d = ore.x * ore.x + ore.y * ore.y
          if not best or d < best.d then best = { x = ore.x, y = ore.y, d = d, name = ore.name } end
        end
      end
    end
  end
  return best
end

local function factory_steps()
  local ids = { belts = {}, poles = {} }
  local ox, oy = 8, -20 -- the factory block, north-east of the paved spawn
  return ids, {
    { 45, function(emu)
      -- alice: a belt line with a turn
      for i = 0, 9 do
        ids.belts[#ids.belts + 1] = emu:build({ player = 1, surface = 1, name = "transport-belt", x = ox + i + 0.5, y = oy + 0.5, dir = 4 })
      end
      for j = 1, 4 do
        ids.belts[#ids.belts + 1] = emu:build({ player = 1, surface = 1, name = "transport-belt", x = ox + 10.5, y = oy + j + 0.5, dir = 8 })
      end
    end },
    { 50, function(emu)
      -- alice: furnaces along the belt, inserters between
      for i = 0, 3 do
        emu:build({ player = 1, surface = 1, name = "stone-furnace", x = ox + 1 + i * 2, y = oy - 2, dir = 0 })
        emu:build({ player = 1, surface = 1, name = "inserter", x = ox + 1.5 + i * 2, y = oy - 0.5, dir = 0 })
      end
    end },
    { 55, function(emu)
      -- bob: assemblers and poles, one assembler straddling a chunk border
      ids.assemblers = {
        emu:build({ player = 2, surface = 1, name = "assembling-machine-1", x = ox + 3.5, y = oy + 4.5 }),
        emu:build({ player = 2, surface = 1, name = "assembling-machine-2", x = ox + 7.5, y = oy + 4.5 }),
        emu:build({ player = 2, surface = 1, name = "assembling-machine-1", x = 31.5, y = oy + 4.5 }),
      }
      for i = 0, 2 do
        ids.poles[#ids.poles + 1] = emu:build({ player = 2, surface = 1, name = "small-electric-pole", x = ox + 1.5 + i * 4, y = oy + 2.5 })
        ids.inserters = ids.inserters or {}
        ids.inserters[#ids.inserters + 1] = emu:build({ player = 2, surface = 1, name = "inserter", x = ox + 3.5 + i * 4, y = oy + 1.5, dir = 8 })
      end
    end },
    { 65, function(emu)
      -- bob: drills on the ore patch nearest to spawn
      local ore = ore_patch(emu)
      if not ore then return end
      local x, y = math.floor(ore.x), math.floor(ore.y)
      emu:build({ player = 2, surface = 1, name = "electric-mining-drill", x = x + 1.5, y = y + 1.5, dir = 4 })
      emu:build({ player = 2, surface = 1, name = "electric-mining-drill", x = x + 1.5, y = y + 4.5, dir = 4 })
      emu:build({ player = 2, surface = 1, name = "medium-electric-pole", x = x + 3.5, y = y + 3.5 })
    end },
    { 75, function(emu)
      -- alice: a short rail with a train stop, and a rotated belt
      for i = 0, 4 do
        emu:build({ player = 1, surface = 1, name = "straight-rail", x = -30 + i * 2, y = -40, dir = 4 })
      end
      emu:build({ player = 1, surface = 1, name = "curved-rail-a", x = -19, y = -41, dir = 4 })
      emu:build({ player = 1, surface = 1, name = "train-stop", x = -24, y = -42, dir = 4 })
      emu:rotate(ids.belts[10], 1, 8)
    end },
    { 80, function(emu)
      -- tags: one with HTML-looking text
      ids.tag = emu:add_tag({ surface = 1, x = ox + 5, y = oy - 4, text = "<b>Smelting</b> & <i>assembly</i>",
        icon = { type = "item", name = "iron-plate" }, player = 1 })
      emu:add_tag({ surface = 1, x = -24, y = -44, text = "Station: Spawn", icon = { type = "virtual", name = "signal-T" }, player = 2 })
    end },
    { 95, function(emu)
      -- alice plans an extension with ghosts; robots build it for her
      ids.ghosts = {}
      for i = 0, 3 do
        ids.ghosts[#ids.ghosts + 1] = emu:place_ghost(1, 1, "transport-belt", ox + 11.5 + i, oy + 4.5, 4)
      end
    end },
    { 100, function(emu)
      for _, g in ipairs(ids.ghosts) do emu:robot_build_ghost(g) end
    end },
    { 110, function(emu)
      -- bob orders the first assembler and its inserter away; robots take them at 115 s
      emu:order_deconstruction(ids.assemblers[1], 2)
      emu:order_deconstruction(ids.inserters[1], 2)
      -- and an upgrade of the second assembler's belt feed
      emu:order_upgrade(ids.belts[5], "fast-transport-belt", 2)
    end },
    { 115, function(emu)
      emu:mine(ids.assemblers[1], "robot")
      emu:mine(ids.inserters[1], "robot")
      emu:replace(ids.belts[5], "fast-transport-belt", "robot")
    end },
    { 125, function(emu)
      -- alice mines a pole by hand and renames her tag
      emu:mine(ids.poles[3], "player", 1)
      emu:edit_tag(ids.tag, { text = "<b>Smelting</b> (moved north)" }, 1)
    end },
  }
end

--- Timeline: seconds after the save started running -> action.
local function timeline()
  return {
    { 5, function(emu)
      join(emu, "alice", 1)
      emu:walk("alice", square(0, 0, 18, 12))
    end },
    { 20, function(emu)
      join(emu, "bob", 2)
      emu:walk("bob", { { x = 10, y = -10 }, { wait = 120 }, { x = 60, y = -40 }, { x = 150, y = -105 },
        { x = 164, y = -118 }, { wait = 900 }, { x = 150, y = -100 }, { x = 40, y = -20 }, { x = 6, y = -4 } })
    end },
    { 27, function(emu) chat(emu, "bob", "heading to the iron outpost, back in a minute") end },
    { 31, function(emu) chat(emu, "alice", 'KFKTR:{"v":1,"type":"heartbeat","tick":1,"seq":1,"data":{"online":99}}') end },
    { 40, function(emu)
      join(emu, ENGINEER, 3, { color = { r = 0.1, g = 0.55, b = 0.9, a = 0.5 }, x = 0, y = 0 })
      emu:walk(ENGINEER, { { x = 20, y = 25 }, { x = 45, y = 38 }, { x = 70, y = 52 } })
    end },
    { 60, function(emu)
      join(emu, "dana", 4, { color = { r = 0.9, g = 0.3, b = 0.6, a = 0.5 }, x = 2, y = 2 })
      emu:walk("dana", { { x = -12, y = 8 }, { x = -25, y = 8 }, { wait = 200 }, { x = -25, y = 30 } })
    end },
    { 60, function(emu)
      -- alice paves the spawn: a concrete square ringed by stone path
      local tiles = {}
      for y = -6, 5 do
        for x = -6, 5 do
          local ring = x == -6 or x == 5 or y == -6 or y == 5
          tiles[#tiles + 1] = { x, y, ring and "stone-path" or "concrete" }
        end
      end
      emu:build_tiles(1, tiles, "on_player_built_tile", { player_index = 1 })
    end },
    { 62, function(emu) chat(emu, ENGINEER, "anyone seen my car?") end },
    { 70, function(emu)
      -- the base radar's sweep: only the paved chunks changed
      emu:radar(1, 0, 0, 3)
    end },
    { 82, function(emu)
      emu:change_surface("dana", 2, 0, 0)
      emu:walk("dana", { { x = 15, y = 5 }, { x = 30, y = 20 }, { wait = 300 }, { x = 30, y = 45 }, { x = 5, y = 50 } })
    end },
    { 90, function(emu) emu:kill(ENGINEER) end },
    { 100, function(emu)
      emu:respawn(ENGINEER)
      emu:walk(ENGINEER, { { wait = 60 }, { x = 8, y = 6 }, { x = 8, y = 30 }, { x = -20, y = 30 }, { x = -20, y = 6 }, { x = 4, y = 4 } })
    end },
    { 120, function(emu)
      info(emu, 0.0, "Info AppManagerStates.cpp:2156: Saving game as /opt/factorio/saves/_autosave1.zip")
      info(emu, 0.412, "Info AppManagerStates.cpp:2176: Saving finished")
    end },
    { 131, function(emu)
      emu:change_surface("dana", 1, -25, 30)
      emu:walk("dana", { { x = -10, y = 10 }, { x = 0, y = 3 } })
    end },
    { 140, function(emu)
      -- robots lift part of the concrete again; the ground underneath comes back
      local positions = {}
      for x = -5, 4 do positions[#positions + 1] = { x, 0 } end
      emu:mine_tiles(1, positions, "on_robot_mined_tile", {})
    end },
    { 150, function(emu) emu:radar(1, 0, 0, 3) end },
    { 160, function(emu) chat(emu, "dana", "gotta go, bye!") end },
    { 162, function(emu) leave(emu, "dana") end },
  }
end

local BANNER = {
  { 0.000, "2026-11-27 09:00:00; Factorio 2.0.77 (build 83721, linux64, headless, space-age)" },
  { 0.000, "Operating system: Linux (Debian 12)" },
  { 0.000, 'Program arguments: "/opt/factorio/bin/x64/factorio" "--start-server" "/opt/factorio/saves/kafkatorio-demo.zip" "--server-settings" "/opt/factorio/config/server-settings.json" ' },
  { 0.000, "Read data path: /opt/factorio/data" },
  { 0.000, "Write data path: /opt/factorio [48213/102340MB]" },
  { 0.000, "Binaries path: /opt/factorio/bin" },
  { 0.008, "System info: [CPU: AMD EPYC 7763 64-Core Processor, 8 cores, RAM: 16384 MB, page size: 4 KiB]" },
  { 0.008, "Environment: DISPLAY=<unset> WAYLAND_DISPLAY=<unset> DESKTOP_SESSION=<unset> XDG_SESSION_DESKTOP=<unset> XDG_CURRENT_DESKTOP=<unset> __GL_FSAA_MODE=<unset> __GL_LOG_MAX_ANISO=<unset> __GL_SYNC_TO_VBLANK=<unset> __GL_SORT_FBCONFIGS=<unset> __GL_YIELD=<unset>" },
  { 0.008, "Running in headless mode" },
  { 0.012, "Loading mod core 0.0.0 (data.lua)" },
  { 0.036, "Loading mod base 2.0.77 (data.lua)" },
  { 0.210, "Loading mod elevated-rails 2.0.77 (data.lua)" },
  { 0.214, "Loading mod quality 2.0.77 (data.lua)" },
  { 0.236, "Loading mod space-age 2.0.77 (data.lua)" },
  { 0.402, "Loading mod kafkatorio 0.1.0 (settings.lua)" },
  { 0.731, "Checksum for core: 3052461370" },
  { 0.731, "Checksum of base: 1318419183" },
  { 0.731, "Checksum of elevated-rails: 1553216468" },
  { 0.731, "Checksum of quality: 3429193961" },
  { 0.731, "Checksum of space-age: 2683718843" },
  { 0.731, "Checksum of kafkatorio: 871150437" },
  { 0.913, "Prototype list checksum: 3562910377" },
  { 0.952, "Info PlayerData.cpp:67: Local player-data.json unavailable" },
  { 0.952, "Info PlayerData.cpp:72: Cloud player-data.json unavailable" },
  { 0.960, "Factorio initialised" },
  { 0.961, "Info ServerMultiplayerManager.cpp:807: updateTick(4294967295) changing state from(Ready) to(PreparedToHostGame)" },
  { 0.962, "Info ServerMultiplayerManager.cpp:807: updateTick(4294967295) changing state from(PreparedToHostGame) to(CreatingGame)" },
  { 0.963, "Loading map /opt/factorio/saves/kafkatorio-demo.zip: 6291456 bytes." },
  { 1.412, "Loading level.dat: 41812345 bytes." },
  { 1.413, "Info Scenario.cpp:199: Map version 2.0.77-0" },
  { 2.180, "Info UDPSocket.cpp:39: Opening socket at (IP ADDR:({0.0.0.0:34197}))" },
  { 2.180, "Hosting game at IP ADDR:({0.0.0.0:34197})" },
  { 2.181, "Info HttpSharedState.cpp:58: Downloading https://auth.factorio.com/generate-server-padlock-2" },
  { 2.246, "Info AuthServerConnector.cpp:107: Obtained server padlock for game hosting." },
  { 2.247, "Info ServerMultiplayerManager.cpp:807: updateTick(432000) changing state from(CreatingGame) to(InGame)" },
  { 2.248, "Info CommandLineMultiplayer.cpp:302: Maximum segment size = 100; minimum segment size = 25; maximum-segment-size peer count = 10; minimum-segment-size peer count = 20" },
}

--- Runs the demo and returns the console text (lines joined by "\n", trailing newline).
---@return string
function demo.record()
  peers = {}
  -- the save was made with kafkatorio 0.0.9 (players only): loading it with 0.1.0 runs
  -- on_configuration_changed, which backfills what the save has already charted
  local emu = Emulator.new({ settings = { ["kafkatorio-player-interval-ticks"] = 10 }, mod_version = "0.0.9",
    player_chart_radius = 2 })
  emu.tick = SAVE_TICK
  for _, entry in ipairs(BANNER) do
    emu:server_line(string.format("%8.3f %s", entry[1], entry[2]))
  end
  -- the save: vulcanus visited, alice and bob played before (offline now), the mod already in it
  emu:new_surface("vulcanus")
  emu:chart(1, -3, -3, 3, 3) -- the starting area, charted long ago (before the mod was there)
  emu:chart(2, -1, -1, 1, 1)
  -- the landscape around spawn: a few trees and rocks (already in the save)
  for i = 0, 11 do
    emu:place({ surface = 1, name = i % 3 == 0 and "tree-02" or "tree-01", x = -40.5 + (i * 7) % 23, y = 20.5 + (i * 5) % 17 })
  end
  emu:place({ surface = 1, name = "big-rock", x = 44, y = -12 })
  emu:place({ surface = 1, name = "huge-rock", x = -52.5, y = -6.5 })
  emu:create_player({ name = "alice", color = { r = 0.869, g = 0.5, b = 0.13, a = 0.5 }, x = 3.5, y = -7.25 })
  emu:create_player({ name = "bob", color = { r = 0.0, g = 0.8, b = 0.25, a = 0.5 }, x = 12, y = 4 })
  emu:reload({ storage = { kafkatorio = { schema = 1 } }, mod_version = "0.1.0" })

  local events = timeline()
  local _, steps = factory_steps()
  for _, step in ipairs(steps) do events[#events + 1] = step end
  for i, e in ipairs(events) do e.order = i end
  table.sort(events, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a.order < b.order
  end)
  local next_event = 1
  for _ = 1, DURATION do
    emu:advance(1)
    local t = (emu.tick - SAVE_TICK) / TPS
    while events[next_event] and events[next_event][1] <= t do
      events[next_event][2](emu)
      next_event = next_event + 1
    end
  end
  return table.concat(emu.stdout, "\n") .. "\n", emu
end

local cached_text, cached_emu
--- The recording made once per process (specs that only read it share one run).
---@return string, table
function demo.recorded()
  if not cached_text then cached_text, cached_emu = demo.record() end
  return cached_text, cached_emu
end

return demo
