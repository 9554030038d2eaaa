--- A bounded map whose entries expire: remembers who placed a ghost or ordered a deconstruction
--- until the robot's work consumes it. Pure: never touches game or storage (the entities script
--- keeps its maps in storage, so every peer makes the same writes).
---
--- Entries live in a FIFO of insertion order next to the map; `expire` drops entries older than
--- `max_age` from the front, and `put` drops the oldest entry once `limit` entries are held. A key
--- put again moves to the back (its old FIFO slot is skipped when reached).
local expiring = {}

---@class ExpiringMap
---@field map table<string|integer, {value: any, tick: integer, slot: integer}>
---@field order (string|integer)[] keys in insertion order (stale slots are skipped)
---@field head integer
---@field count integer live entries
---@field limit integer

---@param limit integer
---@return ExpiringMap
function expiring.new(limit)
  return { map = {}, order = {}, head = 1, count = 0, limit = limit }
end

local function compact(m)
  if m.head > 1024 and m.head > #m.order / 2 then
    local rest = {}
    for i = m.head, #m.order do
      local key = m.order[i]
      local e = m.map[key]
      if e and e.slot == i then
        rest[#rest + 1] = key
        e.slot = #rest
      end
    end
    m.order, m.head = rest, 1
  end
end

local function drop_front(m)
  while m.head <= #m.order do
    local key = m.order[m.head]
    local e = m.map[key]
    m.order[m.head] = false
    m.head = m.head + 1
    if e and e.slot == m.head - 1 then
      m.map[key] = nil
      m.count = m.count - 1
      return
    end
  end
end

---@param m ExpiringMap
---@param key string|integer
---@param value any
---@param tick integer
function expiring.put(m, key, value, tick)
  local e = m.map[key]
  if e then
    m.count = m.count - 1
  end
  while m.count >= m.limit do drop_front(m) end
  m.order[#m.order + 1] = key
  m.map[key] = { value = value, tick = tick, slot = #m.order }
  m.count = m.count + 1
  compact(m)
end

--- The value for key, without removing it.
function expiring.get(m, key)
  local e = m.map[key]
  return e and e.value
end

--- Removes and returns the value for key.
function expiring.take(m, key)
  local e = m.map[key]
  if not e then return nil end
  m.map[key] = nil
  m.count = m.count - 1
  return e.value
end

--- Drops entries put before `now - max_age` (at most `max_steps` FIFO slots examined).
---@param m ExpiringMap
---@param now integer
---@param max_age integer
---@param max_steps integer
function expiring.expire(m, now, max_age, max_steps)
  local steps = 0
  while m.head <= #m.order and steps < max_steps do
    steps = steps + 1
    local key = m.order[m.head]
    local e = m.map[key]
    if e and e.slot == m.head then
      if e.tick > now - max_age then break end
      m.map[key] = nil
      m.count = m.count - 1
    end
    m.order[m.head] = false
    m.head = m.head + 1
  end
  if m.head > #m.order then m.order, m.head = {}, 1 end
  compact(m)
end

---@param m ExpiringMap
---@return integer
function expiring.size(m)
  return m.count
end

return expiring
