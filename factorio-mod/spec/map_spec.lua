local Emulator = require("emulator")
local mod = require("support.mod")
local world = require("emulator.world")
local zlib = require("emulator.zlib")
local chunkcode = require("lib.chunkcode")
local chunk_queue = require("lib.chunk_queue")

local function of_type(packets, t)
  local out = {}
  for _, p in ipairs(packets) do if p.type == t then out[#out + 1] = p end end
  return out
end

local function start(settings)
  local emu = Emulator.new({ settings = settings })
  emu:init()
  emu:advance(3) -- session-start, the (empty) init backfill
  return emu
end

describe("chunk encoding (lib.chunkcode)", function()
  it("run-length encodes row by row and decodes back", function()
    local grid = {}
    for i = 1, 1024 do grid[i] = (i % 37 < 20) and "grass-1" or ((i % 5 == 0) and "water" or "sand-1") end
    local palette, runs = chunkcode.encode_tiles(grid)
    assert.same(grid, chunkcode.decode_tiles(palette, runs))
    local total = 0
    for i = 2, #runs, 2 do total = total + runs[i] end
    assert.equals(1024, total)
    assert.same({ "grass-1" }, (chunkcode.encode_tiles(setmetatable({}, { __index = function() return "grass-1" end }))))
  end)

  it("hashes with FNV-1a 32 and changes iff the content changes", function()
    assert.equals("811c9dc5", chunkcode.fnv1a(""))
    assert.equals("bf9cf968", chunkcode.fnv1a("foobar"))
    local ores = { palette = { "coal" }, cells = { 0, 1, 2, 300 } }
    local h1 = chunkcode.hash({ "grass-1" }, { 0, 1024 }, ores)
    assert.equals(h1, (chunkcode.hash({ "grass-1" }, { 0, 1024 }, { palette = { "coal" }, cells = { 0, 1, 2, 300 } })))
    assert.not_equals(h1, (chunkcode.hash({ "grass-1" }, { 0, 1024 }, { palette = { "coal" }, cells = { 0, 1, 2, 299 } })))
    assert.not_equals(h1, (chunkcode.hash({ "grass-2" }, { 0, 1024 }, ores)))
  end)

  it("packs chunk keys both ways", function()
    for _, c in ipairs({ { 0, 0 }, { -65536, 65536 }, { 123, -4567 } }) do
      assert.same(c, { chunkcode.unkey(chunkcode.key(c[1], c[2])) })
    end
  end)
end)

describe("bounded chunk queue (lib.chunk_queue)", function()
  it("collapses into a dirty set beyond its limit and gives every chunk back once", function()
    local q = chunk_queue.new(100)
    for i = 1, 250 do chunk_queue.push(q, i) end
    for i = 1, 250 do chunk_queue.push(q, i) end -- already waiting: not added twice
    assert.equals(250, chunk_queue.size(q))
    assert.equals(100, q.tail - q.head + 1)
    local seen = {}
    while true do
      local id = chunk_queue.pop(q)
      if not id then break end
      assert.is_nil(seen[id]); seen[id] = true
    end
    for i = 1, 250 do assert.is_true(seen[i]) end
  end)
end)

describe("scripts.terrain", function()
  it("exports charted chunks of the map force: terrain equals the world, the chart decodes", function()
    local emu = start()
    local from = mod.mark(emu)
    emu:chart(1, 0, 0, 1, 1)
    emu:chart(1, 5, 5, 5, 5, "enemy") -- another force: never exported
    emu:advance(2)
    local packets = mod.packets(emu, from)
    local chunks, charts = of_type(packets, "chunk"), of_type(packets, "chart")
    assert.equals(4, #chunks)
    assert.equals(4, #charts)
    for _, p in ipairs(chunks) do
      local d = p.data
      assert.equals("player", d.force)
      assert.same(emu:chunk(1, d.cx, d.cy).tiles, chunkcode.decode_tiles(d.palette, d.runs))
    end
    local c = charts[1].data
    assert.equals(world.chart(emu:chunk(1, c.cx, c.cy), c.cx, c.cy), zlib.decode_string(c.data))
    assert.equals(2048, #zlib.decode_string(c.data))
  end)

  it("prints nothing for a re-chart with the same content, re-exports after a tile change", function()
    local emu = start()
    emu:chart(1, 0, 0, 0, 0)
    emu:advance(2)
    local from = mod.mark(emu)
    emu:radar(1, 0, 0, 0)
    emu:advance(2)
    assert.same({}, mod.packets(emu, from))
    emu:build_tiles(1, { { 3, 4, "concrete" }, { 4, 4, "stone-path" } })
    emu:advance(10)
    local tiles = of_type(mod.packets(emu, from), "tiles")
    assert.equals(1, #tiles)
    assert.same({ "concrete", "stone-path" }, tiles[1].data.palette)
    assert.same({ 3, 4, 0, 4, 4, 1 }, tiles[1].data.tiles)
    from = mod.mark(emu)
    emu:mine_tiles(1, { { 3, 4 } }, "on_robot_mined_tile")
    emu:advance(10)
    local mined = of_type(mod.packets(emu, from), "tiles")[1].data
    assert.equals(emu:tile_name(1, 3, 4), mined.palette[1])
    from = mod.mark(emu)
    emu:radar(1, 0, 0, 0)
    emu:advance(2)
    assert.equals(1, #of_type(mod.packets(emu, from), "chunk"))
  end)

  it("reports deleted chunks and forgets them", function()
    local emu = start()
    emu:chart(1, 0, 0, 1, 0)
    emu:advance(2)
    local from = mod.mark(emu)
    emu:delete_chunks(1, { { 1, 0 } })
    emu:advance(1)
    local d = of_type(mod.packets(emu, from), "chunks-deleted")
    assert.same({ surface = 1, chunks = { 1, 0 } }, d[1].data)
    assert.is_nil(emu.storage.kafkatorio.map.hashes[1][chunkcode.key(1, 0)])
  end)

  it("keeps per-tick caps in a radar storm: chunks, bytes, API calls; the queue stays bounded", function()
    local emu = start()
    local flat = emu:add_surface("lab") -- flat terrain: generating 6561 chunks stays quick
    local from = mod.mark(emu)
    emu:chart(flat, -40, -40, 40, 40) -- 6561 chunks charted in one tick
    local q = emu.storage.kafkatorio.map.queue
    assert.equals(4096, q.tail - q.head + 1)
    assert.equals(6561 - 4096, q.overflow_count)
    local t0 = emu.tick
    emu:advance(60)
    local max_calls, max_bytes = 0, 0
    for t = t0 + 1, emu.tick do
      local s = emu:tick_stats(t)
      max_calls = math.max(max_calls, s.api_calls); max_bytes = math.max(max_bytes, s.bytes)
    end
    assert.is_true(max_bytes <= 32 * 1024, "bytes " .. max_bytes)
    assert.is_true(max_calls <= 12000, "API calls " .. max_calls)
    local chunks = of_type(mod.packets(emu, from), "chunk")
    assert.is_true(#chunks <= 60 * 4 and #chunks >= 60)
  end)
end)

describe("backfill and commands", function()
  it("backfills every charted chunk, resumable across a save/load, at the per-tick rate", function()
    local emu = Emulator.new({ settings = { ["kafkatorio-backfill-chunks-per-tick"] = 3 } })
    emu:chart(1, -4, -4, 4, 4) -- charted in the save before the mod was added
    emu:init()
    emu:advance(5)
    emu:reload({ restart = true })
    local from = mod.mark(emu)
    emu:advance(100)
    local packets = mod.packets(emu, from)
    local seen = {}
    for _, p in ipairs(of_type(mod.packets(emu), "chunk")) do seen[p.data.cx .. "," .. p.data.cy] = true end
    local n = 0
    for _ in pairs(seen) do n = n + 1 end
    assert.equals(81, n)
    assert.is_nil(emu.storage.kafkatorio.map.backfill)
    assert.equals("session-start", packets[1].type)
    local per_tick = {}
    for _, p in ipairs(of_type(mod.packets(emu), "chunk")) do per_tick[p.tick] = (per_tick[p.tick] or 0) + 1 end
    for _, count in pairs(per_tick) do assert.is_true(count <= 3) end
    local plain = {}
    for _, l in ipairs(emu.plain) do plain[#plain + 1] = l.line end
    assert.truthy(table.concat(plain, "\n"):find("backfill done: 81 chunks examined, 81 exported", 1, true))
  end)

  it("lets only admins and the server console run the commands; resync bypasses the hashes", function()
    local emu = start()
    emu:join("alice"); emu:join("root", { admin = true })
    emu.players[2].admin = true
    emu:chart(1, 0, 0, 0, 0)
    emu:advance(3)
    emu:command("kafkatorio-resync", 1)
    assert.is_nil(emu.storage.kafkatorio.map.backfill)
    assert.same({ 1, "/kafkatorio-resync is for admins only" }, emu.player_messages[1])
    local from = mod.mark(emu)
    emu:command("kafkatorio-resync", nil)
    emu:advance(5)
    local types = {}
    for _, p in ipairs(mod.packets(emu, from)) do types[p.type] = (types[p.type] or 0) + 1 end
    assert.equals(1, types.chunk)
    assert.equals(1, types.prototypes)
    assert.is_true(types.surface >= 1 and types.player >= 2)
    emu:command("kafkatorio-backfill", 2)
    emu:advance(5)
    assert.is_nil(emu.storage.kafkatorio.map.backfill)
  end)
end)

describe("surfaces and prototypes", function()
  it("snapshots every surface after a session start and reports surface events", function()
    local emu = Emulator.new()
    emu:new_surface("vulcanus")
    emu:new_surface("platform-1", { platform = "platform-1" })
    emu:init()
    emu:advance(1)
    local snaps = of_type(mod.packets(emu), "surface")
    assert.same({ index = 1, name = "nauvis", kind = "planet", planet = "nauvis", event = "snapshot" }, snaps[1].data)
    assert.same({ index = 3, name = "platform-1", kind = "platform", event = "snapshot" }, snaps[3].data)
    local from = mod.mark(emu)
    local lab = emu:add_surface("lab")
    emu:rename_surface(3, "<b>Ship</b>")
    emu:clear_surface(2)
    emu:delete_surface(lab)
    emu:advance(1)
    local events = {}
    for _, p in ipairs(of_type(mod.packets(emu, from), "surface")) do events[#events + 1] = p.data.event .. ":" .. p.data.name end
    assert.same({ "created:lab", "renamed:<b>Ship</b>", "cleared:vulcanus", "deleted:lab" }, events)
  end)

  it("sends every tile and resource colour in one prototypes packet split into parts", function()
    local emu = start()
    local raw = {}
    for _, p in ipairs(emu.printed) do raw[#raw + 1] = p.line end
    local parts = 0
    for _, l in ipairs(raw) do if l:sub(1, 6) == "KFKTR+" then parts = parts + 1 end end
    assert.is_true(parts >= 2)
    local proto = of_type(mod.packets(emu), "prototypes")[1].data
    local c = world.colours()
    assert.equals(string.format("#%02x%02x%02x", c.tiles["grass-1"][1], c.tiles["grass-1"][2], c.tiles["grass-1"][3]), proto.tiles["grass-1"])
    assert.equals("#6a8694", proto.resources["iron-ore"])
    local n = 0
    for _ in pairs(proto.tiles) do n = n + 1 end
    assert.equals(150, n)
  end)
end)
