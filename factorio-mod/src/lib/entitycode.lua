--- Entity maths shared by the entity scripts: which prototype types are part of the map, tile
--- footprints, identity keys and the chunk digest. Pure: never touches game or storage.
local chunkcode = require("lib.chunkcode")

local entitycode = {}

--- Prototype types that never appear on the map as part of the factory or the landscape: effects,
--- projectiles, corpses, items on the ground, ghosts and proxies (plans, not the factory), and
--- things that move on their own (characters, robots, biters, asteroids, fish). They get no
--- prototype entry, no lifecycle packet and no place in chunk snapshots. Vehicles are kept.
entitycode.SKIP_TYPES = {}
for _, t in ipairs({
  "explosion", "particle-source", "projectile", "artillery-projectile", "smoke-with-trigger", "stream",
  "beam", "fire", "sticker", "highlight-box", "speech-bubble", "arrow", "artillery-flare", "flying-text",
  "entity-ghost", "tile-ghost", "item-request-proxy", "deconstructible-tile-proxy", "item-entity",
  "corpse", "rail-remnants", "character-corpse", "character", "construction-robot", "logistic-robot",
  "combat-robot", "capture-robot", "unit", "spider-unit", "segmented-unit", "segment", "asteroid",
  "fish", "rocket-silo-rocket", "rocket-silo-rocket-shadow", "cargo-pod", "lightning",
  "temporary-container", "resource",
}) do entitycode.SKIP_TYPES[t] = true end

--- Landscape types shown whatever their force (normally neutral): identified by name + position,
--- they have no unit number.
entitycode.ENVIRONMENT_TYPES = { tree = true, ["simple-entity"] = true, cliff = true }
entitycode.ENVIRONMENT_TYPE_LIST = { "tree", "simple-entity", "cliff" }

--- Tile footprint of a collision box: width and height rounded up (a 2.4-wide assembler is 3
--- tiles), ignoring the game's 1/256 fixed-point slack.
---@param box BoundingBox
---@return integer w, integer h
function entitycode.footprint(box)
  local lt, rb = box.left_top or box[1], box.right_bottom or box[2]
  local w = (rb.x or rb[1]) - (lt.x or lt[1])
  local h = (rb.y or rb[2]) - (lt.y or lt[2])
  return math.max(0, math.ceil(w - 1 / 256)), math.max(0, math.ceil(h - 1 / 256))
end

--- Identity of an entity on a surface: its unit number, or name@x,y for trees, rocks, cliffs and
--- resources (which have none).
---@return string|integer
function entitycode.identity(surface, unit, name, x, y)
  if unit then return unit end
  return string.format("%d/%s@%s,%s", surface, name, x, y)
end

--- Place key of a plan (a ghost): what the robot will build there.
---@return string
function entitycode.place_key(surface, name, x, y)
  return string.format("%d/%s@%s,%s", surface, name, x, y)
end

--- One entity's canonical text in the digest.
---@param e {unit: integer?, name: string, x: number, y: number, dir: integer?, force: string?, quality: string?}
---@return string
function entitycode.line(e)
  return string.format("%s|%s|%s|%s|%s|%s|%s", e.unit or 0, e.name, e.x, e.y, e.dir or 0, e.force or "",
    e.quality or "")
end

--- Digest of a chunk's entities: "0" for none, else FNV-1a 32 over the count and the sorted
--- canonical lines (so the order the game lists entities in does not matter).
---@param list table[] entity states
---@return string
function entitycode.digest(list)
  if #list == 0 then return "0" end
  local lines = {}
  for i = 1, #list do lines[i] = entitycode.line(list[i]) end
  table.sort(lines)
  return chunkcode.fnv1a(#lines .. "\n" .. table.concat(lines, "\n"))
end

--- Sorts entity states for a snapshot: by y, x, name, unit (deterministic output).
function entitycode.sort(list)
  table.sort(list, function(a, b)
    if a.y ~= b.y then return a.y < b.y end
    if a.x ~= b.x then return a.x < b.x end
    if a.name ~= b.name then return a.name < b.name end
    return (a.unit or 0) < (b.unit or 0)
  end)
  return list
end

return entitycode
