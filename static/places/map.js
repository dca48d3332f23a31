// The places map (Leaflet, vendored): one marker a place with coordinates. Tiles come from the
// page's data-tile-url; when it is empty or no tile loads, the markers stay on a plain ground and
// a note says so. Without this script the page is the list alone.
(function () {
  'use strict';
  var element = document.getElementById('places-map');
  if (!element || typeof window.L === 'undefined') { return; }
  var data = document.getElementById(element.getAttribute('data-markers'));
  var markers = data ? JSON.parse(data.textContent) : [];
  var note = document.getElementById('places-map-no-tiles');
  var map = window.L.map(element, { scrollWheelZoom: false });
  var tileUrl = element.getAttribute('data-tile-url');
  var shown = false;
  function noTiles() { if (note && !shown) { note.hidden = false; shown = true; } }
  if (tileUrl) {
    var loaded = 0;
    var layer = window.L.tileLayer(tileUrl, {
      maxZoom: 18,
      attribution: element.getAttribute('data-tile-attribution') || ''
    });
    layer.on('tileload', function () { loaded += 1; });
    layer.on('tileerror', function () { if (!loaded) { noTiles(); } });
    layer.addTo(map);
  } else {
    noTiles();
  }
  var points = [];
  markers.forEach(function (place) {
    var point = [place.lat, place.lng];
    points.push(point);
    var marker = window.L.marker(point, { title: place.name, alt: place.name, keyboard: true });
    var link = document.createElement('a');
    link.className = 'govuk-link';
    link.href = place.url;
    link.textContent = place.name;
    var status = document.createElement('span');
    status.textContent = ' · ' + place.status;
    var popup = document.createElement('div');
    popup.appendChild(link);
    popup.appendChild(status);
    marker.bindPopup(popup);
    marker.addTo(map);
  });
  if (points.length === 1) {
    map.setView(points[0], 15);
  } else if (points.length > 1) {
    map.fitBounds(points, { padding: [20, 20] });
  } else {
    map.setView([22.54, 114.06], 9); // the Shenzhen-Hong Kong boundary
  }
})();
