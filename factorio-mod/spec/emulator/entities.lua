--- The emulator's entity half: entities on surfaces (LuaEntity with unit numbers, direction,
--- quality, last_user, bounding boxes), entity prototypes with collision boxes and map colours
--- (spec/data/entity-prototypes.json), chart tags, and driver calls that build, mine, rotate,
--- flip, upgrade, clone, teleport, kill and destroy entities, place ghosts, order deconstruction
--- and upgrades, deplete resources and edit map tags, raising the game's events with the game's
--- event fields. Installed into Emulator by init.lua.
local cjson = require("cjson")

local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."

local function ckey(cx, cy) return (cx + 131072) * 262144 + (cy + 131072) end

local protos
local function prototypes()
  if not protos then
    local f = assert(io.open(here .. "/../data/entity-prototypes.json", "rb"))
    protos = cjson.decode(f:read("*a"))
    f:close()
  end
  return protos
end

local function hex_rgb(h)
  return { tonumber(h:sub(2, 3), 16), tonumber(h:sub(4, 5), 16), tonumber(h:sub(6, 7), 16) }
end

local ENV = { tree = true, ["simple-entity"] = true, cliff = true, fish = true }

return function(Emulator)

  Emulator.entity_prototypes = prototypes

  function Emulator:init_entities()
    self.entities = {} -- id -> state
    self.entity_index = {} -- surface -> chunk key -> {id = true}
    self.entity_objects = {}
    self.next_entity_id = 1
    self.next_unit = 1000
    self.tags = {} -- tag_number -> state
    self.next_tag = 1
  end

  local function bbox(st)
    local p = prototypes().entities[st.name]
    local b = p and p.box or { 0, 0, 0, 0 }
    local x1, y1, x2, y2 = b[1], b[2], b[3], b[4]
    if st.dir == 4 or st.dir == 12 then x1, y1, x2, y2 = -b[4], b[1], -b[2], b[3] end
    return st.x + x1, st.y + y1, st.x + x2, st.y + y2
  end

  function Emulator:index_entity(st, add)
    local x1, y1, x2, y2 = bbox(st)
    local idx = self.entity_index[st.surface]
    if not idx then idx = {}; self.entity_index[st.surface] = idx end
    for cy = math.floor(y1 / 32), math.floor(y2 / 32) do
      for cx = math.floor(x1 / 32), math.floor(x2 / 32) do
        local k = ckey(cx, cy)
        idx[k] = idx[k] or {}
        idx[k][st.id] = add or nil
      end
    end
  end

  --- Puts an entity on a surface without raising anything (a save's content, or a back door).
  --- spec: surface, name, x, y, dir, force ("player"; "neutral" for trees/rocks/cliffs), quality,
  --- last_user (player index), ghost_name (for "entity-ghost"). Returns the entity id.
  function Emulator:place(spec)
    local proto = prototypes().entities[spec.name]
    assert(proto, "no entity prototype " .. tostring(spec.name))
    local id = self.next_entity_id
    self.next_entity_id = id + 1
    local unit = nil
    if not ENV[proto.type] then
      unit = self.next_unit
      self.next_unit = unit + 1
    end
    local st = { id = id, unit = unit, name = spec.name, type = proto.type, surface = spec.surface or 1,
      x = Emulator.snap(spec.x), y = Emulator.snap(spec.y), dir = spec.dir or 0,
      force = spec.force or (ENV[proto.type] and "neutral" or "player"), quality = spec.quality or "normal",
      last_user = spec.last_user, ghost_name = spec.ghost_name, valid = true, mirroring = false }
    self.entities[id] = st
    self:index_entity(st, true)
    return id
  end

  function Emulator:entity(id)
    local st = self.entities[id]
    assert(st, "no entity " .. tostring(id))
    return st
  end

  --- Removes an entity without raising anything (the object becomes invalid).
  function Emulator:unplace(id)
    local st = self:entity(id)
    self:index_entity(st, false)
    st.valid = false
    self.entities[id] = nil
  end

  --- Back door: changes an entity's fields without any event (what a script with
  --- raise_event = false, or a missed event, would leave behind).
  function Emulator:silently(id, fields)
    local st = self:entity(id)
    self:index_entity(st, false)
    for k, v in pairs(fields) do st[k] = v end
    self:index_entity(st, true)
  end

  local function quality_object(emu, name)
    return emu:object("LuaQualityPrototype", { getters = { name = function() return name end } })
  end

  function Emulator:entity_object(st)
    if self.entity_objects[st] then return self.entity_objects[st] end
    local emu = self
    local obj = self:object("LuaEntity", {
      is_valid = function() return st.valid end,
      getters = {
        name = function() return st.name end,
        type = function() return st.type end,
        unit_number = function() return st.unit end,
        position = function() return { x = st.x, y = st.y } end,
        direction = function() return st.dir end,
        mirroring = function() return st.mirroring end,
        force = function() return emu:force_object(st.force) end,
        quality = function() return quality_object(emu, st.quality) end,
        last_user = function() return st.last_user and emu:player_object(st.last_user) or nil end,
        surface = function() return emu:surface_object(st.surface) end,
        surface_index = function() return st.surface end,
        ghost_name = function()
          if st.type ~= "entity-ghost" then error("LuaEntity.ghost_name: not a ghost", 2) end
          return st.ghost_name
        end,
        bounding_box = function()
          local x1, y1, x2, y2 = bbox(st)
          return { left_top = { x = x1, y = y1 }, right_bottom = { x = x2, y = y2 } }
        end,
        amount = function() return st.amount end,
      },
    })
    self.entity_objects[st] = obj
    return obj
  end

  function Emulator:entity_ref(id)
    return self:entity_object(self:entity(id))
  end

  local function type_matcher(t, invert)
    if t == nil then return function() return true end end
    local set = {}
    if type(t) == "string" then set[t] = true else for _, n in ipairs(t) do set[n] = true end end
    return function(v) if invert then return not set[v] end return set[v] == true end
  end

  --- find_entities_filtered{area, force?, type?, name?} over placed entities: those whose bounding
  --- box intersects the area (like the game), in id order.
  function Emulator:find_entities(index, filter)
    assert(filter.area, "the emulator only finds entities in an area")
    local a = filter.area
    local lt, rb = a.left_top or a[1], a.right_bottom or a[2]
    local ax1, ay1, ax2, ay2 = lt.x or lt[1], lt.y or lt[2], rb.x or rb[1], rb.y or rb[2]
    local force = filter.force
    if type(force) == "table" then force = force.name end
    local match_type = type_matcher(filter.type)
    local match_name = type_matcher(filter.name)
    local ids = {}
    local idx = self.entity_index[index] or {}
    for cy = math.floor(ay1 / 32), math.floor((ay2 - 1e-9) / 32) do
      for cx = math.floor(ax1 / 32), math.floor((ax2 - 1e-9) / 32) do
        for id in pairs(idx[ckey(cx, cy)] or {}) do ids[id] = true end
      end
    end
    local list = {}
    for id in pairs(ids) do list[#list + 1] = id end
    table.sort(list)
    local out = {}
    for _, id in ipairs(list) do
      local st = self.entities[id]
      local x1, y1, x2, y2 = bbox(st)
      local hit = x1 < ax2 and x2 > ax1 and y1 < ay2 and y2 > ay1
      if x1 == x2 and y1 == y2 then hit = st.x >= ax1 and st.x < ax2 and st.y >= ay1 and st.y < ay2 end
      if hit and (not force or st.force == force) and match_type(st.type) and match_name(st.name) then
        out[#out + 1] = self:entity_object(st)
      end
    end
    return out
  end

  ---------------------------------------------------------------------------------------------
  -- entity prototypes

  function Emulator:entity_prototype_object(name)
    local p = prototypes().entities[name]
    local d = prototypes().defaults
    local function color(h) if not h then return nil end local c = hex_rgb(h) return { r = c[1] / 255, g = c[2] / 255, b = c[3] / 255, a = 1 } end
    return self:object("LuaEntityPrototype", { getters = {
      name = function() return name end,
      type = function() return p.type end,
      collision_box = function()
        return { left_top = { x = p.box[1], y = p.box[2] }, right_bottom = { x = p.box[3], y = p.box[4] } }
      end,
      map_color = function() return color(p.map) end,
      friendly_map_color = function() return color(p.friendly or p.map or d.friendly) end,
      enemy_map_color = function() return color(p.enemy or p.map or d.enemy) end,
    } })
  end

  ---------------------------------------------------------------------------------------------
  -- driver: lifecycle with events

  local function robot(emu, surface)
    local st = { id = 0, name = "construction-robot", type = "construction-robot", surface = surface, x = 0, y = 0,
      dir = 0, force = "player", quality = "normal", valid = true, mirroring = false }
    return emu:entity_object(st)
  end

  local function platform(emu, surface)
    return emu:object("LuaSpacePlatform", { getters = { name = function() return emu.surfaces[surface].platform or "platform" end } })
  end

  --- Builds an entity and raises the build event of `spec.by`: "player" (on_built_entity with
  --- spec.player), "robot", "platform", "script" (script_raised_built) or "revive"
  --- (script_raised_revive). Returns the entity id.
  function Emulator:build(spec)
    local by = spec.by or "player"
    local last_user = spec.last_user
    if last_user == nil and by == "player" then last_user = spec.player end
    local id = self:place({ surface = spec.surface, name = spec.name, x = spec.x, y = spec.y, dir = spec.dir,
      force = spec.force, quality = spec.quality, last_user = last_user, ghost_name = spec.ghost_name })
    local e = self:entity_ref(id)
    local s = self:entity(id).surface
    if by == "player" then
      self:raise("on_built_entity", { entity = e, player_index = spec.player })
    elseif by == "robot" then
      self:raise("on_robot_built_entity", { entity = e, robot = robot(self, s) })
    elseif by == "platform" then
      self:raise("on_space_platform_built_entity", { entity = e, platform = platform(self, s) })
    elseif by == "script" then
      self:raise("script_raised_built", { entity = e })
    elseif by == "revive" then
      self:raise("script_raised_revive", { entity = e })
    else
      error("unknown builder " .. by)
    end
    return id
  end

  --- A player places a ghost (on_built_entity with the ghost). Returns the ghost's id.
  function Emulator:place_ghost(player, surface, name, x, y, dir)
    return self:build({ by = "player", player = player, surface = surface, name = "entity-ghost", ghost_name = name,
      x = x, y = y, dir = dir })
  end

  --- A construction robot builds a ghost: the ghost goes, the entity comes (on_robot_built_entity).
  --- The emulator leaves the new entity's last_user empty, so attribution must come from the ghost.
  function Emulator:robot_build_ghost(ghost_id, by)
    local g = self:entity(ghost_id)
    self:unplace(ghost_id)
    return self:build({ by = by or "robot", surface = g.surface, name = g.ghost_name, x = g.x, y = g.y, dir = g.dir,
      force = g.force })
  end

  --- Mines an entity: "player" (on_player_mined_entity), "robot" or "platform"; the entity is
  --- valid during the event and gone after it.
  function Emulator:mine(id, by, player)
    local e = self:entity_ref(id)
    local s = self:entity(id).surface
    by = by or "player"
    if by == "player" then
      self:raise("on_player_mined_entity", { entity = e, player_index = player })
    elseif by == "robot" then
      self:raise("on_robot_mined_entity", { entity = e, robot = robot(self, s) })
    elseif by == "platform" then
      self:raise("on_space_platform_mined_entity", { entity = e, platform = platform(self, s) })
    end
    self:unplace(id)
  end

  function Emulator:order_deconstruction(id, player)
    self:entity(id).decon = true
    self:raise("on_marked_for_deconstruction", { entity = self:entity_ref(id), player_index = player })
  end

  function Emulator:cancel_deconstruction(id, player)
    self:entity(id).decon = nil
    self:raise("on_cancelled_deconstruction", { entity = self:entity_ref(id), player_index = player })
  end

  function Emulator:order_upgrade(id, target, player)
    self:entity(id).upgrade = target
    self:raise("on_marked_for_upgrade", { entity = self:entity_ref(id), player_index = player,
      target = self:entity_prototype_object(target), quality = quality_object(self, "normal") })
  end

  --- Fast replace, as the game does it: the old entity is mined, then the new one built at the
  --- same place in the same tick. by = "robot" (an ordered upgrade) or "player".
  function Emulator:replace(id, new_name, by, player)
    local old = self:entity(id)
    local spec = { surface = old.surface, name = new_name, x = old.x, y = old.y, dir = old.dir, force = old.force,
      by = by, player = player }
    self:mine(id, by, player)
    return self:build(spec)
  end

  function Emulator:rotate(id, player, dir)
    local st = self:entity(id)
    local previous = st.dir
    self:silently(id, { dir = dir or (st.dir + 4) % 16 })
    self:raise("on_player_rotated_entity", { entity = self:entity_ref(id), player_index = player,
      previous_direction = previous })
  end

  function Emulator:flip(id, player, horizontal, dir)
    local st = self:entity(id)
    self:silently(id, { dir = dir or st.dir, mirroring = not st.mirroring })
    self:raise("on_player_flipped_entity", { entity = self:entity_ref(id), player_index = player,
      horizontal = horizontal ~= false })
  end

  function Emulator:kill_entity(id)
    self:raise("on_entity_died", { entity = self:entity_ref(id), force = self:force_object("enemy") })
    self:unplace(id)
  end

  function Emulator:script_destroy(id)
    self:raise("script_raised_destroy", { entity = self:entity_ref(id) })
    self:unplace(id)
  end

  --- Clones an entity (LuaEntity.clone / clone_area): on_entity_cloned(source, destination).
  function Emulator:clone_entity(id, x, y, surface)
    local st = self:entity(id)
    local new = self:place({ surface = surface or st.surface, name = st.name, x = x, y = y, dir = st.dir,
      force = st.force, quality = st.quality, last_user = st.last_user })
    self:raise("on_entity_cloned", { source = self:entity_ref(id), destination = self:entity_ref(new) })
    return new
  end

  --- Teleports an entity by script: script_raised_teleported(old_position, old_surface_index).
  function Emulator:teleport_entity(id, x, y, surface)
    local st = self:entity(id)
    local old_x, old_y, old_s = st.x, st.y, st.surface
    self:silently(id, { x = Emulator.snap(x), y = Emulator.snap(y), surface = surface or st.surface })
    self:raise("script_raised_teleported", { entity = self:entity_ref(id), old_position = { x = old_x, y = old_y },
      old_surface_index = old_s })
  end

  --- A resource tile runs out: on_resource_depleted(entity), then the resource is gone.
  function Emulator:deplete(surface, x, y)
    local cx, cy = math.floor(x / 32), math.floor(y / 32)
    local ores = self:chunk(surface, cx, cy).ores
    for i, ore in ipairs(ores) do
      if math.floor(ore.x) == math.floor(x) and math.floor(ore.y) == math.floor(y) then
        local st = { id = 0, name = ore.name, type = "resource", surface = surface, x = ore.x, y = ore.y, dir = 0,
          force = "neutral", quality = "normal", valid = true, amount = 0, mirroring = false }
        self:raise("on_resource_depleted", { entity = self:entity_object(st) })
        table.remove(ores, i)
        st.valid = false
        return true
      end
    end
    return false
  end

  ---------------------------------------------------------------------------------------------
  -- chart tags

  function Emulator:tag_object(t)
    local emu = self
    return self:object("LuaCustomChartTag", {
      is_valid = function() return t.valid end,
      getters = {
        tag_number = function() return t.id end,
        position = function() return { x = t.x, y = t.y } end,
        text = function() return t.text end,
        icon = function() return t.icon and { type = t.icon.type, name = t.icon.name } or nil end,
        last_user = function() return t.player and emu:player_object(t.player) or nil end,
        surface = function() return emu:surface_object(t.surface) end,
        force = function() return emu:force_object(t.force) end,
      },
      methods = {
        destroy = function() emu:remove_tag(t.id) end,
      },
    })
  end

  function Emulator:new_tag(spec)
    local t = { id = self.next_tag, surface = spec.surface or 1, x = spec.x, y = spec.y, text = spec.text or "",
      icon = spec.icon, player = spec.player, force = spec.force or "player", valid = true }
    self.next_tag = self.next_tag + 1
    self.tags[t.id] = t
    return t
  end

  --- A player adds a map tag: on_chart_tag_added. Returns the tag number.
  function Emulator:add_tag(spec)
    local t = self:new_tag(spec)
    self:raise("on_chart_tag_added", { tag = self:tag_object(t), force = self:force_object(t.force), player_index = spec.player })
    return t.id
  end

  function Emulator:edit_tag(id, fields, player)
    local t = self.tags[id]
    local old = { text = t.text, icon = t.icon, x = t.x, y = t.y, surface = t.surface, player = t.player }
    for k, v in pairs(fields) do t[k] = v end
    t.player = player or t.player
    self:raise("on_chart_tag_modified", { tag = self:tag_object(t), force = self:force_object(t.force),
      player_index = player, old_text = old.text, old_icon = old.icon, old_position = { x = old.x, y = old.y },
      old_surface = self:surface_object(old.surface), old_player_index = old.player })
  end

  function Emulator:remove_tag(id, player)
    local t = self.tags[id]
    if not t or not t.valid then return end
    self:raise("on_chart_tag_removed", { tag = self:tag_object(t), force = self:force_object(t.force), player_index = player })
    t.valid = false
    self.tags[id] = nil
  end

  --- LuaForce.find_chart_tags(surface, area?) for the emulated forces.
  function Emulator:find_tags(force, surface)
    local s = self:resolve_surface(surface)
    local ids = {}
    for id, t in pairs(self.tags) do
      if t.force == force and s and t.surface == s.index then ids[#ids + 1] = id end
    end
    table.sort(ids)
    local out = {}
    for _, id in ipairs(ids) do out[#out + 1] = self:tag_object(self.tags[id]) end
    return out
  end
end
