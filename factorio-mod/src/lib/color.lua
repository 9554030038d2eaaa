--- Colour conversion. Pure: never touches game or storage.
local color = {}

---@param c number
---@param scale number
---@return integer 0..255
local function channel(c, scale)
  local v = math.floor((tonumber(c) or 0) * scale + 0.5)
  if v < 0 then return 0 end
  if v > 255 then return 255 end
  return v
end

--- Converts a game Color ({r,g,b,a} or {1,2,3,4}) to "#rrggbb" lowercase.
--- Like the game, a colour with any channel above 1 is read on the 0..255 scale.
---@param c Color|table|nil
---@return string
function color.to_hex(c)
  if type(c) ~= "table" then return "#000000" end
  local r, g, b, a = c.r or c[1] or 0, c.g or c[2] or 0, c.b or c[3] or 0, c.a or c[4] or 1
  local scale = (r > 1 or g > 1 or b > 1 or a > 1) and 1 or 255
  return string.format("#%02x%02x%02x", channel(r, scale), channel(g, scale), channel(b, scale))
end

return color
