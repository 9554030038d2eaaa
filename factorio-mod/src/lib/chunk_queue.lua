--- The bounded export queue of chunks waiting to be snapshotted. Pure: never touches game or
--- storage (the map script keeps one in storage, so every peer makes the same exports).
---
--- Entries are chunk ids (numbers, e.g. surface * 2^36 + chunkcode.key). The FIFO holds at most
--- `limit` ids; beyond that ids collapse into the `overflow` set (each chunk at most once, order
--- forgotten) and come back, smallest id first, whenever the FIFO runs empty. An id already
--- waiting (in the FIFO or the overflow) is not added twice; `forced` marks ids whose export must
--- bypass the hash check (resync), and survives the collapse.
local chunk_queue = {}

chunk_queue.LIMIT = 4096

---@class ChunkQueue
---@field items integer[] FIFO of chunk ids
---@field head integer index of the next id in items
---@field tail integer index of the last id in items (head > tail: empty)
---@field queued table<integer, true> ids in items
---@field overflow table<integer, true> ids collapsed out of the FIFO
---@field overflow_count integer
---@field forced table<integer, true> ids whose next export ignores the stored hash
---@field limit integer

---@param limit? integer
---@return ChunkQueue
function chunk_queue.new(limit)
  return { items = {}, head = 1, tail = 0, queued = {}, overflow = {}, overflow_count = 0, forced = {}, limit = limit or chunk_queue.LIMIT }
end

---@param q ChunkQueue
---@return integer
function chunk_queue.size(q)
  return q.tail - q.head + 1 + q.overflow_count
end

---@param q ChunkQueue
---@param id integer
---@param forced? boolean
function chunk_queue.push(q, id, forced)
  if forced then q.forced[id] = true end
  if q.queued[id] or q.overflow[id] then return end
  if q.tail - q.head + 1 >= q.limit then
    q.overflow[id] = true
    q.overflow_count = q.overflow_count + 1
    return
  end
  q.tail = q.tail + 1
  q.items[q.tail] = id
  q.queued[id] = true
end

--- Refills the FIFO from the overflow set, smallest ids first (deterministic whatever the table order).
local function refill(q)
  local ids = {}
  for id in pairs(q.overflow) do ids[#ids + 1] = id end
  table.sort(ids)
  q.items, q.head, q.tail = {}, 1, math.min(#ids, q.limit)
  for i = 1, q.tail do
    local id = ids[i]
    q.overflow[id] = nil
    q.items[i] = id
    q.queued[id] = true
  end
  q.overflow_count = q.overflow_count - q.tail
end

--- Takes the next id, or nil when nothing waits. Returns whether its export is forced.
---@param q ChunkQueue
---@return integer? id, boolean forced
function chunk_queue.pop(q)
  if q.head > q.tail then
    if q.overflow_count == 0 then return nil, false end
    refill(q)
  end
  local id = q.items[q.head]
  q.items[q.head] = nil
  q.head = q.head + 1
  if q.head > q.tail then q.items, q.head, q.tail = {}, 1, 0 end
  q.queued[id] = nil
  local forced = q.forced[id] == true
  q.forced[id] = nil
  return id, forced
end

--- Forgets every waiting id for which drop(id) is true (a deleted chunk or surface).
---@param q ChunkQueue
---@param drop fun(id: integer): boolean
function chunk_queue.remove_if(q, drop)
  local kept = {}
  for i = q.head, q.tail do
    local id = q.items[i]
    if drop(id) then q.queued[id] = nil; q.forced[id] = nil else kept[#kept + 1] = id end
  end
  q.items, q.head, q.tail = kept, 1, #kept
  for id in pairs(q.overflow) do
    if drop(id) then q.overflow[id] = nil; q.forced[id] = nil; q.overflow_count = q.overflow_count - 1 end
  end
end

return chunk_queue
