// Bottom-left readout of the cursor position in game tile and chunk coordinates.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { latLngToGame, describePosition } from './coords.js';

export const CursorControl = L.Control.extend({
  options: {
    position: 'bottomleft',
    emptyText: 'tile –, – · chunk –, –',
  },

  onAdd(map) {
    const el = L.DomUtil.create('div', 'kfk-cursor leaflet-bar');
    el.id = 'cursor-position';
    el.textContent = this.options.emptyText;
    this._el = el;
    map.on('mousemove', this._onMove, this);
    map.on('mouseout', this._onOut, this);
    return el;
  },

  onRemove(map) {
    map.off('mousemove', this._onMove, this);
    map.off('mouseout', this._onOut, this);
  },

  _onMove(e) {
    const { x, y } = latLngToGame(e.latlng);
    const d = describePosition(x, y);
    this._el.textContent = `tile ${d.tile} · chunk ${d.chunk}`;
  },

  _onOut() {
    this._el.textContent = this.options.emptyText;
  },
});
