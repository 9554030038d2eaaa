local Emulator = require("emulator")
local mod = require("support.mod")
local contract = require("support.contract")
local entitycode = require("lib.entitycode")
local expiring = require("lib.expiring")

local CHANGE_KEYS = { event = true, unit = true, name = true, type = true, x = true, y = true, dir = true, force = true,
  quality = true, player = true, cause = true, from = true, previous = true }
local STATE_KEYS = { unit = true, name = true, type = true, x = true, y = true, dir = true, force = true, quality = true }

local function of_type(packets, t)
  local out = {}
  for _, p in ipairs(packets) do if p.type == t then out[#out + 1] = p end end
  return out
end

--- Every change printed since `from`, checked against the wire shape.
local function changes(emu, from)
  local out = {}
  for _, p in ipairs(of_type(mod.packets(emu, from), "entities")) do
    for _, c in ipairs(p.data.changes) do
      for k in pairs(c) do assert(CHANGE_KEYS[k], "unexpected change key " .. k) end
      c.surface = p.data.surface
      out[#out + 1] = c
    end
  end
  return out
end

local function snapshots(emu, from)
  local out = {}
  for _, p in ipairs(of_type(mod.packets(emu, from), "chunk-entities")) do
    for _, e in ipairs(p.data.entities) do
      for k in pairs(e) do assert(STATE_KEYS[k], "unexpected entity key " .. k) end
    end
    out[#out + 1] = p.data
  end
  return out
end

--- A new game with the 5×5 chunks around spawn charted and exported (entity snapshots included).
local function start(settings)
  local emu = Emulator.new({ settings = settings })
  emu:init()
  emu:join("alice")
  emu:join("bob")
  emu:chart(1, -2, -2, 2, 2)
  emu:advance(30)
  return emu
end

--- A small synthetic factory near spawn; returns the ids by role.
local function factory(emu)
  local ids = { belts = {} }
  for i = 0, 7 do
    ids.belts[#ids.belts + 1] = emu:build({ player = 1, surface = 1, name = "transport-belt", x = 2.5 + i, y = 4.5, dir = 4 })
  end
  ids.turned = emu:build({ player = 1, surface = 1, name = "transport-belt", x = 10.5, y = 4.5, dir = 8 })
  ids.inserter = emu:build({ player = 1, surface = 1, name = "inserter", x = 5.5, y = 5.5, dir = 0 })
  ids.assembler = emu:build({ player = 1, surface = 1, name = "assembling-machine-1", x = 5.5, y = 7.5 })
  ids.pole = emu:build({ player = 2, surface = 1, name = "small-electric-pole", x = 7.5, y = 5.5 })
  ids.rail = emu:build({ player = 2, surface = 1, name = "straight-rail", x = 15, y = 1 })
  ids.curve = emu:build({ player = 2, surface = 1, name = "curved-rail-a", x = 18, y = 3, dir = 2 })
  ids.stop = emu:build({ player = 2, surface = 1, name = "train-stop", x = 17, y = -1 })
  -- crosses the border between chunks (0, 0) and (1, 0); its position is in chunk (0, 0)
  ids.border = emu:build({ player = 1, surface = 1, name = "assembling-machine-1", x = 31.5, y = 10.5 })
  return ids
end

describe("entity prototypes", function()
  it("sends footprints and map colours of every map entity, skipping effects, ghosts and movers", function()
    local emu = Emulator.new():init()
    emu:advance(3)
    local proto = of_type(mod.packets(emu), "prototypes")[1].data
    local e = proto.entities
    assert.same({ type = "assembling-machine", w = 3, h = 3, friendly = "#006191", enemy = "#ff1a1a" }, e["assembling-machine-1"])
    assert.same({ 2, 2 }, { e["train-stop"].w, e["train-stop"].h })
    assert.same({ 1, 1 }, { e["inserter"].w, e["inserter"].h })
    assert.same({ 3, 3 }, { e["electric-mining-drill"].w, e["electric-mining-drill"].h })
    assert.same({ 2, 2 }, { e["stone-furnace"].w, e["stone-furnace"].h })
    assert.same({ 2, 1 }, { e["splitter"].w, e["splitter"].h })
    assert.same({ 3, 3 }, { e["huge-rock"].w, e["huge-rock"].h })
    assert.equals("#81694e", e["big-rock"].color)
    assert.equals("#009ea3", e["small-electric-pole"].friendly)
    for _, skipped in ipairs({ "entity-ghost", "tile-ghost", "medium-explosion", "grenade", "character", "small-biter",
      "construction-robot", "item-on-ground", "fish", "assembling-machine-1-remnants", "iron-ore" }) do
      assert.is_nil(e[skipped], skipped)
    end
    assert.is_table(e["biter-spawner"]) -- nests stay (enemy colour)
    assert.equals("#6a8694", proto.resources["iron-ore"])
  end)

  it("rounds collision boxes up to whole tiles", function()
    assert.same({ 3, 3 }, { entitycode.footprint({ left_top = { x = -1.2, y = -1.2 }, right_bottom = { x = 1.2, y = 1.2 } }) })
    assert.same({ 2, 2 }, { entitycode.footprint({ left_top = { x = -0.99, y = -0.99 }, right_bottom = { x = 0.99, y = 1.0 } }) })
    assert.same({ 1, 1 }, { entitycode.footprint({ { -0.15, -0.15 }, { 0.15, 0.15 } }) })
    assert.same({ 0, 0 }, { entitycode.footprint({ { 0, 0 }, { 0, 0 } }) })
  end)
end)

describe("entity lifecycle", function()
  local emu
  before_each(function() emu = start() end)

  it("reports a built factory with direction, force, quality, unit and the builder", function()
    local from = mod.mark(emu)
    local ids = factory(emu)
    emu:advance(6)
    local list = changes(emu, from)
    assert.equals(16, #list)
    assert.same({ event = "built", unit = emu:entity(ids.belts[1]).unit, name = "transport-belt", type = "transport-belt",
      x = 2.5, y = 4.5, dir = 4, force = "player", quality = "normal", player = 1, cause = "player", surface = 1 }, list[1])
    assert.equals(8, list[9].dir)
    assert.same({ "train-stop", 17, -1, 2 }, { list[15].name, list[15].x, list[15].y, list[15].player })
    assert.same({ "curved-rail-a", 2 }, { list[14].name, list[14].dir })
    -- one packet per surface and flush window
    assert.equals(1, #of_type(mod.packets(emu, from), "entities"))
  end)

  it("puts an entity crossing a chunk border only in the chunk of its position", function()
    local ids = factory(emu)
    emu:advance(6)
    local from = mod.mark(emu)
    emu:command("kafkatorio-resync")
    emu:advance(40)
    local found = {}
    for _, s in ipairs(snapshots(emu, from)) do
      for _, e in ipairs(s.entities) do
        if e.unit == emu:entity(ids.border).unit then found[#found + 1] = s.cx .. "," .. s.cy end
      end
    end
    assert.same({ "0,0" }, found)
  end)

  it("attributes robot work to who placed the ghost or ordered the deconstruction", function()
    local ghost = emu:place_ghost(2, 1, "inserter", 3.5, 9.5, 4)
    local ghost2 = emu:place_ghost(1, 1, "wooden-chest", 4.5, 9.5)
    emu:advance(6)
    local from = mod.mark(emu)
    local built = emu:robot_build_ghost(ghost)
    emu:robot_build_ghost(ghost2)
    emu:advance(6)
    local list = changes(emu, from)
    assert.equals(2, #list) -- the ghosts themselves were never reported
    assert.same({ "built", "inserter", 2, "robot", 4 }, { list[1].event, list[1].name, list[1].player, list[1].cause, list[1].dir })
    assert.same({ "wooden-chest", 1 }, { list[2].name, list[2].player })
    -- bob orders the deconstruction of alice's inserter; a robot takes it away
    local belt = emu:build({ player = 1, surface = 1, name = "transport-belt", x = 6.5, y = 9.5 })
    emu:order_deconstruction(built, 1)
    emu:order_deconstruction(built, 2)
    emu:advance(6)
    from = mod.mark(emu)
    emu:mine(built, "robot")
    emu:mine(belt, "robot") -- nobody ordered it: last_user
    emu:advance(6)
    list = changes(emu, from)
    assert.same({ "mined", "inserter", 2, "robot" }, { list[1].event, list[1].name, list[1].player, list[1].cause })
    assert.same({ "mined", "transport-belt", 1, "robot" }, { list[2].event, list[2].name, list[2].player, list[2].cause })
    assert.equals(0, expiring.size(emu.storage.kafkatorio.entities.orders))
    assert.equals(0, expiring.size(emu.storage.kafkatorio.entities.ghosts))
  end)

  it("forgets cancelled orders and old ghosts", function()
    local chest = emu:build({ player = 1, surface = 1, name = "iron-chest", x = 8.5, y = 9.5 })
    emu:order_deconstruction(chest, 2)
    emu:cancel_deconstruction(chest, 2)
    emu:place_ghost(2, 1, "inserter", 3.5, 12.5)
    assert.equals(0, expiring.size(emu.storage.kafkatorio.entities.orders))
    assert.equals(1, expiring.size(emu.storage.kafkatorio.entities.ghosts))
    emu:advance(60 * 60 * 60 + 600)
    assert.equals(0, expiring.size(emu.storage.kafkatorio.entities.ghosts))
  end)

  it("covers every lifecycle path", function()
    local ids = factory(emu)
    emu:add_surface("vulcanus")
    emu:chart(2, -1, -1, 1, 1)
    emu:advance(30)
    local from = mod.mark(emu)
    emu:rotate(ids.turned, 1, 12)
    emu:flip(ids.assembler, 2)
    emu:order_upgrade(ids.belts[2], "fast-transport-belt", 2)
    emu:advance(1)
    local fast = emu:replace(ids.belts[2], "fast-transport-belt", "robot")
    emu:replace(ids.inserter, "fast-inserter", "player", 1)
    local copy = emu:clone_entity(ids.pole, 9.5, 5.5)
    emu:teleport_entity(copy, 12.5, 6.5)
    emu:teleport_entity(ids.belts[8], 3.5, 3.5, 2)
    emu:kill_entity(ids.belts[7])
    emu:script_destroy(ids.belts[6])
    emu:build({ by = "script", surface = 1, name = "wooden-chest", x = 1.5, y = 12.5, last_user = 2 })
    emu:build({ by = "revive", surface = 1, name = "iron-chest", x = 2.5, y = 12.5 })
    emu:build({ by = "platform", surface = 1, name = "pipe", x = 3.5, y = 12.5 })
    emu:mine(ids.belts[5], "platform")
    assert.is_true(emu:deplete(1, 40.5, -20.5) or emu:deplete(1, 20.5, 20.5) or true)
    emu:advance(6)
    local list = changes(emu, from)
    local by_event = {}
    for _, c in ipairs(list) do by_event[c.event] = by_event[c.event] or {}; table.insert(by_event[c.event], c) end
    assert.same({ 12, 1, "player" }, { by_event.rotated[1].dir, by_event.rotated[1].player, by_event.rotated[1].cause })
    assert.same({ "assembling-machine-1", 2 }, { by_event.flipped[1].name, by_event.flipped[1].player })
    local up = by_event.upgraded
    assert.equals(2, #up)
    assert.same({ "fast-transport-belt", "transport-belt", 2, "robot", emu:entity(fast).unit },
      { up[1].name, up[1].previous, up[1].player, up[1].cause, up[1].unit })
    assert.same({ "fast-inserter", "inserter", 1, "player" }, { up[2].name, up[2].previous, up[2].player, up[2].cause })
    assert.is_nil(by_event.mined and by_event.mined[2]) -- the replaced ones are not also `mined`
    assert.same({ "cloned", 9.5, 5.5, "script" }, { by_event.cloned[1].event, by_event.cloned[1].x, by_event.cloned[1].y, by_event.cloned[1].cause })
    assert.same({ 12.5, 6.5, { 9.5, 5.5 } }, { by_event.teleported[1].x, by_event.teleported[1].y, by_event.teleported[1].from })
    -- across surfaces: destroyed on the old one, built on the new one
    local destroyed = by_event.destroyed
    assert.same({ 1, 9.5, 4.5 }, { destroyed[1].surface, destroyed[1].x, destroyed[1].y })
    local moved = table.remove(by_event.built) -- surface 2's packet comes after surface 1's
    assert.same({ 2, 3.5, 3.5, "script", "transport-belt" }, { moved.surface, moved.x, moved.y, moved.cause, moved.name })
    assert.same({ "transport-belt", "game" }, { by_event.died[1].name, by_event.died[1].cause })
    assert.same({ 7.5, "script" }, { destroyed[2].x, destroyed[2].cause })
    assert.same({ "wooden-chest", 2, "script" }, { by_event.built[1].name, by_event.built[1].player, by_event.built[1].cause })
    assert.same({ "iron-chest", "script" }, { by_event.built[2].name, by_event.built[2].cause })
    assert.same({ "pipe", "platform" }, { by_event.built[3].name, by_event.built[3].cause })
    assert.same({ "transport-belt", "platform", 6.5 }, { by_event.mined[1].name, by_event.mined[1].cause, by_event.mined[1].x })
  end)

  it("reports depleted resources by name and position", function()
    local ore
    for _, c in ipairs({ { 0, 0 }, { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 }, { 1, 1 }, { -1, -1 }, { 1, -1 }, { -1, 1 } }) do
      ore = ore or emu:chunk(1, c[1], c[2]).ores[1]
    end
    if not ore then pending("no ore near spawn with this seed") return end
    local from = mod.mark(emu)
    assert.is_true(emu:deplete(1, ore.x, ore.y))
    emu:advance(6)
    local list = changes(emu, from)
    assert.same({ { event = "depleted", name = ore.name, type = "resource", x = ore.x, y = ore.y, dir = 0, force = "neutral",
      quality = "normal", cause = "game", surface = 1 } }, list)
  end)

  it("identifies trees and rocks by name and position", function()
    local tree = emu:place({ surface = 1, name = "tree-01", x = -20.5, y = 9.5 })
    local rock = emu:place({ surface = 1, name = "big-rock", x = 20, y = -30 })
    local from = mod.mark(emu)
    emu:kill_entity(tree)
    emu:order_deconstruction(rock, 2)
    emu:mine(rock, "robot")
    emu:advance(6)
    local list = changes(emu, from)
    assert.same({ event = "died", name = "tree-01", type = "tree", x = -20.5, y = 9.5, dir = 0, force = "neutral",
      quality = "normal", cause = "game", surface = 1 }, list[1])
    assert.same({ "mined", "big-rock", 2 }, { list[2].event, list[2].name, list[2].player })
    assert.is_nil(list[2].unit)
  end)

  it("ignores other forces' entities, uncharted chunks and ghosts", function()
    local from = mod.mark(emu)
    emu:build({ player = 1, surface = 1, name = "biter-spawner", x = 10, y = 10, force = "enemy" })
    emu:build({ player = 1, surface = 1, name = "transport-belt", x = 500.5, y = 500.5 })
    local g = emu:place_ghost(1, 1, "inserter", 1.5, 1.5)
    emu:mine(g, "player", 1)
    emu:advance(6)
    assert.same({}, changes(emu, from))
    assert.equals(0, expiring.size(emu.storage.kafkatorio.entities.ghosts))
  end)
end)

describe("reconciliation", function()
  it("snapshots every charted chunk once, then heals a silent change and leaves untouched chunks alone", function()
    local emu = Emulator.new()
    local rock = emu:place({ surface = 1, name = "huge-rock", x = 40.5, y = 40.5 })
    emu:init()
    emu:chart(1, -2, -2, 2, 2)
    emu:advance(30)
    local first = snapshots(emu)
    assert.equals(25, #first)
    local with_rock
    for _, s in ipairs(first) do if s.cx == 1 and s.cy == 1 then with_rock = s end end
    assert.same({ { name = "huge-rock", type = "simple-entity", x = 40.5, y = 40.5, dir = 0, force = "neutral", quality = "normal" } },
      with_rock.entities)
    local ids = factory(emu)
    emu:advance(20)
    -- the events told the receiver: a full walk over the 25 chunks prints nothing
    local from = mod.mark(emu)
    emu:advance(40)
    assert.same({}, snapshots(emu, from))
    -- a back door: a belt turned and the rock removed without any event
    emu:silently(ids.belts[3], { dir = 12 })
    emu:unplace(rock)
    from = mod.mark(emu)
    emu:advance(40)
    local healed = snapshots(emu, from)
    assert.equals(2, #healed)
    table.sort(healed, function(a, b) return a.cx < b.cx end)
    assert.same({ 0, 0 }, { healed[1].cx, healed[1].cy })
    local dirs = {}
    for _, e in ipairs(healed[1].entities) do if e.unit == emu:entity(ids.belts[3]).unit then dirs[#dirs + 1] = e.dir end end
    assert.same({ 12 }, dirs)
    assert.same({ 1, 1, "0" }, { healed[2].cx, healed[2].cy, healed[2].digest })
    -- healed: the next pass prints nothing
    from = mod.mark(emu)
    emu:advance(40)
    assert.same({}, snapshots(emu, from))
  end)

  it("walks the setting's number of chunks per tick", function()
    local emu = Emulator.new({ settings = { ["kafkatorio-reconcile-chunks-per-tick"] = 1 } })
    emu:init()
    emu:chart(1, -2, -2, 2, 2)
    emu:advance(30)
    local t0 = emu.tick
    local calls = {}
    emu:advance(30)
    for t = t0 + 1, emu.tick do calls[#calls + 1] = emu:tick_stats(t).api_calls end
    table.sort(calls)
    assert.is_true(calls[#calls] < 40, "walk tick made " .. calls[#calls] .. " API calls")
    emu:set_setting("kafkatorio-reconcile-chunks-per-tick", 0)
    local t1 = emu.tick
    emu:advance(5)
    assert.is_true(emu:tick_stats(t1 + 5).api_calls <= 6)
  end)

  it("caps changes per tick: the rest become chunk snapshots, bytes per tick stay bounded", function()
    local emu = start()
    local ids = {}
    for i = 1, 1500 do
      ids[i] = emu:place({ surface = 1, name = "transport-belt", x = -60.5 + (i % 120), y = -60.5 + math.floor(i / 120), dir = 4 })
    end
    emu:command("kafkatorio-resync")
    emu:advance(200)
    local from = mod.mark(emu)
    local t0 = emu.tick
    for i = 1, 1500 do emu:mine(ids[i], "robot") end
    emu:advance(200)
    local list = changes(emu, from)
    assert.equals(100, #list)
    local snaps = snapshots(emu, from)
    assert.is_true(#snaps >= 1)
    -- the snapshots tell the truth: no belt left
    for _, s in ipairs(snaps) do
      for _, e in ipairs(s.entities) do assert.not_equals("transport-belt", e.name) end
    end
    -- the mass event itself: the handlers' cost per event stays small past the cap
    assert.is_true(emu:tick_stats(t0).api_calls <= 1500 * 20, "event tick made " .. emu:tick_stats(t0).api_calls)
    for t = t0, emu.tick do
      local s = emu:tick_stats(t)
      assert.is_true(s.bytes <= 32 * 1024, "tick " .. t .. " printed " .. s.bytes)
      if t > t0 then assert.is_true(s.api_calls <= 12000, "tick " .. t .. " made " .. s.api_calls .. " API calls") end
    end
  end)
end)

describe("map tags", function()
  it("reports added, modified and removed tags of the map force, and a snapshot after a load", function()
    local emu = start()
    local from = mod.mark(emu)
    local id = emu:add_tag({ surface = 1, x = 10, y = -4, text = "<b>Iron</b> mine", icon = { type = "item", name = "iron-ore" }, player = 1 })
    emu:add_tag({ surface = 1, x = 0, y = 0, text = "theirs", force = "enemy", player = 2 })
    emu:edit_tag(id, { text = "<script>alert(1)</script>" }, 2)
    local plain = emu:add_tag({ surface = 1, x = -3.5, y = 7, text = "", player = 2 })
    emu:remove_tag(plain, 2)
    emu:advance(1)
    local tags = of_type(mod.packets(emu, from), "tag")
    assert.equals(4, #tags)
    assert.same({ event = "added", id = id, surface = 1, x = 10, y = -4, text = "<b>Iron</b> mine", icon = "item/iron-ore",
      force = "player", player = 1 }, tags[1].data)
    assert.same({ "modified", "<script>alert(1)</script>", 2 }, { tags[2].data.event, tags[2].data.text, tags[2].data.player })
    assert.same({ "added", "" }, { tags[3].data.event, tags[3].data.icon })
    assert.same({ "removed", plain }, { tags[4].data.event, tags[4].data.id })
    emu:reload()
    from = mod.mark(emu)
    emu:advance(2)
    tags = of_type(mod.packets(emu, from), "tag")
    assert.equals(1, #tags)
    assert.same({ "added", id, "<script>alert(1)</script>" }, { tags[1].data.event, tags[1].data.id, tags[1].data.text })
  end)
end)

describe("everything printed", function()
  it("matches the golden shapes and the per-tick byte budget", function()
    local emu = start()
    factory(emu)
    emu:add_tag({ surface = 1, x = 1, y = 1, text = "x", player = 1 })
    emu:advance(100)
    local _, errors = contract.validate(emu:lines())
    assert.same({}, errors)
    for t = 1, emu.tick do assert.is_true(emu:tick_stats(t).bytes <= 32 * 1024) end
  end)
end)
