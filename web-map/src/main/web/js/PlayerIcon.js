// The player marker's icon: a 16×16 round dot in the player's colour, centred on the position
// (iconAnchor [8,8]), with the name as a text label below. Test hooks on the root element:
// class `kfk-player`, attribute data-player="<server>/<index>"; label class `kfk-player-name`.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';

export const PlayerIcon = L.DivIcon.extend({
  options: {
    iconSize: [16, 16],
    iconAnchor: [8, 8],
    className: 'kfk-player',
    /** '<server>/<index>' */
    playerKey: '',
    /** Player name: user input, rendered with textContent only. */
    name: '',
    /** Sanitised '#rrggbb'. */
    colour: '#ff8800',
    connected: true,
  },

  initialize(options) {
    L.Util.setOptions(this, options);
    if (!this.options.connected) this.options.className = 'kfk-player kfk-player--disconnected';
    // The label element is passed as DivIcon's `html` (an HTMLElement): never an HTML string.
    const label = document.createElement('span');
    label.className = 'kfk-player-name';
    label.textContent = this.options.name;
    this.options.html = label;
  },

  createIcon(oldIcon) {
    const div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
    div.setAttribute('data-player', this.options.playerKey);
    div.style.setProperty('--kfk-player-colour', this.options.colour);
    div.setAttribute('title', this.options.connected ? this.options.name : `${this.options.name} (disconnected)`);
    return div;
  },
});
