--- The emulator's map half: surfaces with generated tiles and resources, forces with charts,
--- prototypes with real map colours, helpers.encode_string, commands, and the driver calls that
--- change the world (charting, radars, players revealing chunks, building and mining tiles,
--- creating/renaming/clearing/deleting surfaces, deleting chunks). Installed into Emulator by init.lua.
local world = require("emulator.world")
local zlib = require("emulator.zlib")

local function ckey(cx, cy) return (cx + 131072) * 262144 + (cy + 131072) end

return function(Emulator)

  local PLANETS = { nauvis = true, vulcanus = true, fulgora = true, gleba = true, aquilo = true }

  function Emulator:init_map(opts)
    self.seed = opts.seed or 12345
    self.surfaces = {}
    self:new_surface("nauvis", { planet = "nauvis" })
    self.forces = {
      { index = 1, name = "player", charted = {} },
      { index = 2, name = "enemy", charted = {} },
      { index = 3, name = "neutral", charted = {} },
    }
    self.force_objects = {}
    self.commands_registered = {}
    self.game_messages = {}
    self.player_chart_radius = opts.player_chart_radius -- nil: players reveal nothing
    self:init_entities()
  end

  --- Removes every placed entity of a surface (optionally only those positioned in `chunks`).
  function Emulator:remove_entities(index, chunks)
    local ids = {}
    for id, st in pairs(self.entities) do
      if st.surface == index and (not chunks or chunks[ckey(math.floor(st.x / 32), math.floor(st.y / 32))]) then
        ids[#ids + 1] = id
      end
    end
    table.sort(ids)
    for _, id in ipairs(ids) do self:unplace(id) end
  end

  --- Adds a surface without raising anything (a surface already in the save).
  function Emulator:new_surface(name, opts)
    opts = opts or {}
    local index = #self.surfaces + 1
    local planet = opts.planet
    if planet == nil and PLANETS[name] then planet = name end
    self.surfaces[index] = { index = index, name = name, planet = planet or nil, platform = opts.platform,
      generator = opts.generator or planet or "flat", seed = self.seed + index * 1000, chunks = {}, hidden = {} }
    return index
  end

  --- Creates a surface and raises on_surface_created (a planet by its name, or opts.platform).
  function Emulator:add_surface(name, opts)
    local index = self:new_surface(name, opts)
    self:raise("on_surface_created", { surface_index = index })
    return index
  end

  function Emulator:rename_surface(index, new_name)
    local s = self.surfaces[index]
    local old = s.name
    s.name = new_name
    self:raise("on_surface_renamed", { surface_index = index, old_name = old, new_name = new_name })
  end

  function Emulator:delete_surface(index)
    self:raise("on_pre_surface_deleted", { surface_index = index })
    self.surfaces[index].deleted = true
    for _, f in ipairs(self.forces) do f.charted[index] = nil end
    self:raise("on_surface_deleted", { surface_index = index })
  end

  function Emulator:clear_surface(index)
    self:raise("on_pre_surface_cleared", { surface_index = index })
    self.surfaces[index].chunks = {}
    self:remove_entities(index)
    for _, f in ipairs(self.forces) do f.charted[index] = nil end
    self:raise("on_surface_cleared", { surface_index = index })
  end

  function Emulator:delete_chunks(index, positions)
    local s = self.surfaces[index]
    local gone = {}
    for _, p in ipairs(positions) do gone[ckey(p[1], p[2])] = true end
    self:remove_entities(index, gone)
    for _, p in ipairs(positions) do
      s.chunks[ckey(p[1], p[2])] = nil
      for _, f in ipairs(self.forces) do
        if f.charted[index] then f.charted[index][ckey(p[1], p[2])] = nil end
      end
    end
    local list = {}
    for _, p in ipairs(positions) do list[#list + 1] = { x = p[1], y = p[2] } end
    self:raise("on_chunk_deleted", { surface_index = index, positions = list })
  end

  function Emulator:chunk(index, cx, cy)
    local s = self.surfaces[index]
    local k = ckey(cx, cy)
    local c = s.chunks[k]
    if not c then
      c = world.generate(s.generator, s.seed, cx, cy)
      s.chunks[k] = c
    end
    return c
  end

  function Emulator:tile_name(index, x, y)
    x, y = math.floor(x), math.floor(y)
    local cx, cy = math.floor(x / 32), math.floor(y / 32)
    return self:chunk(index, cx, cy).tiles[(y - cy * 32) * 32 + (x - cx * 32) + 1]
  end

  function Emulator:force_state(name)
    for _, f in ipairs(self.forces) do if f.name == name then return f end end
    return nil
  end

  --- Charts chunks [cx1..cx2] x [cy1..cy2] for a force (default "player") and raises
  --- on_chunk_charted for each, row by row, like a radar sweep or force.chart.
  function Emulator:chart(index, cx1, cy1, cx2, cy2, force_name)
    local f = self:force_state(force_name or "player")
    f.charted[index] = f.charted[index] or {}
    for cy = cy1, cy2 do
      for cx = cx1, cx2 do
        self:chunk(index, cx, cy)
        f.charted[index][ckey(cx, cy)] = true
        self:raise("on_chunk_charted", { surface_index = index, position = { x = cx, y = cy },
          area = { left_top = { x = cx * 32, y = cy * 32 }, right_bottom = { x = cx * 32 + 32, y = cy * 32 + 32 } },
          force = self:force_object(f.name) })
      end
    end
  end

  --- A radar's sweep: re-charts the (2r+1)² chunks around (cx, cy).
  function Emulator:radar(index, cx, cy, r, force_name)
    self:chart(index, cx - r, cy - r, cx + r, cy + r, force_name)
  end

  --- Players reveal chunks around them when they enter a new chunk (player_chart_radius).
  function Emulator:reveal(p)
    local r = self.player_chart_radius
    if not r or not p.connected or p.dead then return end
    local cx, cy = math.floor(p.x / 32), math.floor(p.y / 32)
    if p.revealed and p.revealed[1] == p.surface and p.revealed[2] == cx and p.revealed[3] == cy then return end
    p.revealed = { p.surface, cx, cy }
    self:chart(p.surface, cx - r, cy - r, cx + r, cy + r, "player")
  end

  --- Builds tiles {{x, y, name}, ...} and raises `event` (default on_player_built_tile).
  function Emulator:build_tiles(index, tiles, event, extra)
    local s = self.surfaces[index]
    local old = {}
    for _, t in ipairs(tiles) do
      local x, y = t[1], t[2]
      local prev = self:tile_name(index, x, y)
      local k = x .. "," .. y
      if s.hidden[k] == nil then s.hidden[k] = prev end
      local cx, cy = math.floor(x / 32), math.floor(y / 32)
      self:chunk(index, cx, cy).tiles[(y - cy * 32) * 32 + (x - cx * 32) + 1] = t[3]
      old[#old + 1] = { position = { x = x, y = y } }
    end
    local data = { surface_index = index, tiles = old }
    for k, v in pairs(extra or {}) do data[k] = v end
    self:raise(event or "on_player_built_tile", data)
  end

  --- Mines tiles {{x, y}, ...}: the hidden tile (the one built over) comes back.
  function Emulator:mine_tiles(index, positions, event, extra)
    local s = self.surfaces[index]
    local tiles = {}
    for _, p in ipairs(positions) do
      local k = p[1] .. "," .. p[2]
      tiles[#tiles + 1] = { p[1], p[2], s.hidden[k] or "grass-1" }
      s.hidden[k] = nil
    end
    local saved = s.hidden
    s.hidden = {}
    self:build_tiles(index, tiles, event or "on_player_mined_tile", extra)
    s.hidden = saved
  end

  function Emulator:command(name, player_index, parameter)
    local c = self.commands_registered[name]
    assert(c, "no command /" .. name)
    c.fn({ name = name, tick = self.tick, player_index = player_index, parameter = parameter })
  end

  ---------------------------------------------------------------------------------------------
  -- objects

  function Emulator:resolve_surface(id)
    if type(id) == "number" then return self.surfaces[id] end
    if type(id) == "string" then
      for _, s in ipairs(self.surfaces) do if s.name == id and not s.deleted then return s end end
      return nil
    end
    return self.surface_by_object[id]
  end

  local function area_of(filter)
    local a = filter.area
    local lt, rb = a.left_top or a[1], a.right_bottom or a[2]
    return math.floor(lt.x or lt[1]), math.floor(lt.y or lt[2]), math.ceil(rb.x or rb[1]) - 1, math.ceil(rb.y or rb[2]) - 1
  end

  function Emulator:tile_object(index, x, y)
    local emu = self
    return self:object("LuaTile", {
      getters = {
        name = function() return emu:tile_name(index, x, y) end,
        position = function() return { x = x, y = y } end,
      },
    })
  end

  local function name_matcher(names, invert)
    if names == nil then return function() return not invert end end
    local set = {}
    if type(names) == "string" then set[names] = true else for _, n in ipairs(names) do set[n] = true end end
    return function(n) if invert then return not set[n] end return set[n] == true end
  end

  function Emulator:surface_object(index)
    if self.surface_objects[index] then return self.surface_objects[index] end
    local emu, s = self, self.surfaces[index]
    local function each_tile(filter, visit)
      assert(filter.area, "the emulator only supports find/count_tiles_filtered with an area")
      local x1, y1, x2, y2 = area_of(filter)
      local match = name_matcher(filter.name, filter.invert)
      local n = 0
      for y = y1, y2 do
        for x = x1, x2 do
          if match(emu:tile_name(index, x, y)) then
            n = n + 1
            if visit(x, y) == false then return n end
            if filter.limit and n >= filter.limit then return n end
          end
        end
      end
      return n
    end
    local obj = self:object("LuaSurface", {
      is_valid = function() return not s.deleted end,
      getters = {
        index = function() return s.index end,
        name = function() return s.name end,
        planet = function()
          if not s.planet then return nil end
          return emu:object("LuaPlanet", { getters = { name = function() return s.planet end } })
        end,
        platform = function()
          if not s.platform then return nil end
          return emu:object("LuaSpacePlatform", { getters = { name = function() return s.platform end } })
        end,
      },
      methods = {
        get_tile = function(x, y)
          if type(x) == "table" then x, y = x.x or x[1], x.y or x[2] end
          return emu:tile_object(index, math.floor(x), math.floor(y))
        end,
        find_tiles_filtered = function(filter)
          local out = {}
          each_tile(filter, function(x, y) out[#out + 1] = emu:tile_object(index, x, y) end)
          return out
        end,
        count_tiles_filtered = function(filter)
          return each_tile(filter, function() end)
        end,
        find_entities_filtered = function(filter)
          if filter.type ~= "resource" then return emu:find_entities(index, filter) end
          assert(filter.area, "the emulator only finds resources in an area")
          local x1, y1, x2, y2 = area_of(filter)
          local out = {}
          for cy = math.floor(y1 / 32), math.floor(y2 / 32) do
            for cx = math.floor(x1 / 32), math.floor(x2 / 32) do
              for _, ore in ipairs(emu:chunk(index, cx, cy).ores) do
                if ore.x >= x1 and ore.x < x2 + 1 and ore.y >= y1 and ore.y < y2 + 1 then
                  out[#out + 1] = emu:object("LuaEntity", { getters = {
                    name = function() return ore.name end,
                    type = function() return "resource" end,
                    position = function() return { x = ore.x, y = ore.y } end,
                    amount = function() return ore.amount end,
                  } })
                end
              end
            end
          end
          return out
        end,
        get_chunks = function()
          local keys = {}
          for k in pairs(s.chunks) do keys[#keys + 1] = k end
          table.sort(keys)
          local i = 0
          return setmetatable({}, {
            __index = function(_, k) emu:touch("LuaChunkIterator", k) end,
            __call = function()
              emu:touch("LuaChunkIterator", "#call")
              i = i + 1
              local k = keys[i]
              if not k then return nil end
              local cy = k % 262144
              local cx = (k - cy) / 262144 - 131072
              cy = cy - 131072
              return { x = cx, y = cy, area = { left_top = { x = cx * 32, y = cy * 32 }, right_bottom = { x = cx * 32 + 32, y = cy * 32 + 32 } } }
            end,
          })
        end,
        is_chunk_generated = function(p)
          return s.chunks[ckey(p.x or p[1], p.y or p[2])] ~= nil
        end,
      },
    })
    self.surface_objects[index] = obj
    self.surface_by_object[obj] = s
    return obj
  end

  function Emulator:force_object(name)
    if self.force_objects[name] then return self.force_objects[name] end
    local emu, f = self, self:force_state(name)
    local function charted(surface, p)
      local s = emu:resolve_surface(surface)
      local c = s and f.charted[s.index]
      return c ~= nil and c[ckey(p.x or p[1], p.y or p[2])] == true, s
    end
    local obj = self:object("LuaForce", {
      getters = { name = function() return f.name end, index = function() return f.index end },
      methods = {
        is_chunk_charted = function(surface, p) return (charted(surface, p)) end,
        get_chunk_chart = function(surface, p)
          local yes, s = charted(surface, p)
          if not yes then return nil end
          local cx, cy = p.x or p[1], p.y or p[2]
          return world.chart(emu:chunk(s.index, cx, cy), cx, cy)
        end,
        find_chart_tags = function(surface) return emu:find_tags(f.name, surface) end,
        add_chart_tag = function(surface, tag)
          local s = emu:resolve_surface(surface)
          local p = tag.position
          local icon = tag.icon and { type = tag.icon.type, name = tag.icon.name } or nil
          local last = tag.last_user
          if type(last) == "table" then last = last.index end
          return emu:tag_object(emu:new_tag({ surface = s.index, x = p.x or p[1], y = p.y or p[2], text = tag.text,
            icon = icon, player = last, force = f.name }))
        end,
      },
    })
    self.force_objects[name] = obj
    return obj
  end

  function Emulator:prototype_tables()
    local emu, colours = self, world.colours()
    local function names(t)
      local list = {}
      for n in pairs(t) do list[#list + 1] = n end
      table.sort(list)
      return list
    end
    local function proto(class, name, rgb, type_name)
      return emu:object(class, { getters = {
        name = function() return name end,
        type = function() return type_name end,
        map_color = function() return { r = rgb[1] / 255, g = rgb[2] / 255, b = rgb[3] / 255, a = 1 } end,
      } })
    end
    local function table_of(class, source, type_name)
      local list = names(source)
      return emu:custom_table(function(k)
        return source[k] and proto(class, k, source[k], type_name)
      end, function()
        local items = {}
        for _, n in ipairs(list) do items[#items + 1] = { key = n, value = proto(class, n, source[n], type_name) } end
        return items
      end)
    end
    return emu:object("LuaPrototypes", {
      getters = {
        tile = function() return table_of("LuaTilePrototype", colours.tiles, "tile") end,
        entity = function()
          local all = {}
          for n in pairs(colours.resources) do all[n] = "resource" end
          for n in pairs(Emulator.entity_prototypes().entities) do all[n] = "entity" end
          local list = names(all)
          local function get(n)
            if all[n] == "resource" then return proto("LuaEntityPrototype", n, colours.resources[n], "resource") end
            return all[n] and emu:entity_prototype_object(n) or nil
          end
          return emu:custom_table(get, function()
            local items = {}
            for _, n in ipairs(list) do items[#items + 1] = { key = n, value = get(n) } end
            return items
          end)
        end,
      },
      methods = {
        get_entity_filtered = function(filters)
          assert(#filters == 1 and filters[1].filter == "type" and filters[1].type == "resource",
            "the emulator only filters entity prototypes by type resource")
          return table_of("LuaEntityPrototype", colours.resources, "resource")
        end,
      },
    })
  end

  function Emulator:map_globals()
    local emu = self
    self.surface_by_object = setmetatable({}, { __mode = "k" })
    self.prototypes = self:prototype_tables()
    self.commands = self:object("LuaCommandProcessor", {
      methods = {
        add_command = function(name, help, fn)
          assert(not emu.commands_registered[name], "command " .. name .. " already exists")
          emu.commands_registered[name] = { help = help, fn = fn }
        end,
      },
    })
    local live = function()
      local items = {}
      for _, s in ipairs(emu.surfaces) do
        if not s.deleted then items[#items + 1] = { key = s.index, value = emu:surface_object(s.index) } end
      end
      return items
    end
    return {
      surfaces = function()
        return emu:custom_table(function(k)
          local s = emu:resolve_surface(k)
          return s and not s.deleted and emu:surface_object(s.index) or nil
        end, live)
      end,
      forces = function()
        return emu:custom_table(function(k)
          return emu:force_state(k) and emu:force_object(k) or nil
        end, function()
          local items = {}
          for _, f in ipairs(emu.forces) do items[#items + 1] = { key = f.name, value = emu:force_object(f.name) } end
          return items
        end)
      end,
    }, {
      get_surface = function(k)
        local s = emu:resolve_surface(k)
        return s and not s.deleted and emu:surface_object(s.index) or nil
      end,
      print = function(msg) table.insert(emu.game_messages, msg) end,
    }
  end

  Emulator.encode_string = zlib.encode_string
end
