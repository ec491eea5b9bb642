/* The assessment map's behaviour: pins, boundary, legend and the bridge to Python.
 *
 * Served from the app's own `app:` URL scheme; nothing here reaches the network.
 * All user text (labels, notes) is put into the page with textContent, never as
 * HTML, so a label like <script>alert(1)</script> shows literally and runs nothing.
 *
 * Python -> page: LAT.setPins(list), LAT.setBoundary(points), LAT.setDraft(points),
 * LAT.select(id), LAT.setMode(mode). Page -> Python (QWebChannel object "bridge"):
 * mapClicked(lat, lon), pinClicked(id), pinMoved(id, lat, lon), pageReady(count).
 */
"use strict";

var LAT = (function () {
  var data = JSON.parse(document.getElementById("lat-data").textContent);
  var map = null;
  var bridge = null;
  var markers = {};
  var pins = [];
  var selected = null;
  var boundaryLayer = null;
  var draftLayer = null;
  var mode = "pin";
  var rendered = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function pinIcon(pin, isSelected) {
    var box = el("div", "lat-pin" + (isSelected ? " lat-pin-selected" : ""), pin.number);
    box.style.background = pin.colour;
    box.style.color = pin.text_colour;
    return L.divIcon({ html: box, className: "lat-pin-wrap", iconSize: [28, 28], iconAnchor: [14, 14] });
  }

  function tooltipFor(pin) {
    var box = el("div", "lat-tip");
    box.appendChild(el("b", null, pin.number + ". " + (pin.label || pin.category_label)));
    box.appendChild(el("div", "lat-tip-category", pin.category_label));
    if (pin.carried) box.appendChild(el("div", "lat-tip-category", "(carried forward)"));
    return box;
  }

  function setPins(list) {
    Object.keys(markers).forEach(function (id) { map.removeLayer(markers[id]); });
    markers = {};
    pins = list;
    list.forEach(function (pin) {
      var marker = L.marker([pin.lat, pin.lon], {
        icon: pinIcon(pin, pin.id === selected),
        draggable: true,
        keyboard: true,
        // No `title`: QtWebEngine shows titles as Qt tooltips, which render HTML. The Leaflet tooltip is safe text.
        alt: pin.number + ". " + (pin.label || pin.category_label),
        riseOnHover: true,
      });
      marker.bindTooltip(tooltipFor(pin), { direction: "top", offset: [0, -14] });
      marker.on("click", function () { if (bridge) bridge.pinClicked(pin.id); });
      marker.on("dragend", function () {
        var p = marker.getLatLng();
        if (bridge) bridge.pinMoved(pin.id, p.lat, p.lng);
      });
      marker.addTo(map);
      markers[pin.id] = marker;
    });
    fillLegend();
    rendered += 1;
    document.body.setAttribute("data-pins-rendered", String(rendered));
  }

  function select(id, pan) {
    selected = id;
    pins.forEach(function (pin) {
      if (markers[pin.id]) markers[pin.id].setIcon(pinIcon(pin, pin.id === id));
    });
    if (id && markers[id] && pan && !map.getBounds().contains(markers[id].getLatLng())) {
      map.panTo(markers[id].getLatLng(), { animate: false });
    }
  }

  function setBoundary(points) {
    if (boundaryLayer) map.removeLayer(boundaryLayer);
    boundaryLayer = null;
    if (points && points.length >= 3) {
      boundaryLayer = L.polygon(points, { color: "#1a5fb4", weight: 3, fillOpacity: 0.12, interactive: false });
      boundaryLayer.addTo(map);
    }
    fillLegend();
  }

  function setDraft(points) {
    if (draftLayer) map.removeLayer(draftLayer);
    draftLayer = null;
    if (points && points.length) {
      draftLayer = L.polyline(points.concat(points.length > 2 ? [points[0]] : []), {
        color: "#c01c28", weight: 3, dashArray: "6 6", interactive: false,
      });
      draftLayer.addTo(map);
    }
  }

  function setMode(value) {
    mode = value;
    map.getContainer().style.cursor = value === "none" ? "" : "crosshair";
  }

  var legendBox = null;

  /* The legend lists the categories in use, grouped by triangle side, and the boundary. */
  function fillLegend() {
    if (!legendBox) return;
    legendBox.textContent = "";
    legendBox.appendChild(el("b", null, "Legend"));
    if (boundaryLayer) {
      var row = el("div", "lat-legend-row");
      row.appendChild(el("span", "lat-legend-area"));
      row.appendChild(el("span", null, "Boundary of the place"));
      legendBox.appendChild(row);
    }
    var seen = {};
    var groups = [];
    pins.forEach(function (pin) {
      if (seen[pin.category]) return;
      seen[pin.category] = true;
      var group = groups.filter(function (g) { return g.side === pin.side_title; })[0];
      if (!group) { group = { side: pin.side_title, items: [] }; groups.push(group); }
      group.items.push(pin);
    });
    groups.forEach(function (group) {
      legendBox.appendChild(el("div", "lat-legend-side", group.side));
      group.items.forEach(function (item) {
        var row = el("div", "lat-legend-row");
        var dot = el("span", "lat-legend-dot", item.symbol);
        dot.style.background = item.colour;
        dot.style.color = item.text_colour;
        row.appendChild(dot);
        row.appendChild(el("span", null, item.category_label));
        legendBox.appendChild(row);
      });
    });
    if (!groups.length) legendBox.appendChild(el("div", "lat-legend-empty", "No pins yet."));
  }

  function addLegend() {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      legendBox = el("div", "lat-legend");
      legendBox.setAttribute("aria-label", "Legend");
      L.DomEvent.disableClickPropagation(legendBox);
      L.DomEvent.disableScrollPropagation(legendBox);
      fillLegend();
      return legendBox;
    };
    legend.addTo(map);
  }

  function addNotice(text) {
    var notice = L.control({ position: "topright" });
    notice.onAdd = function () {
      var box = el("div", "lat-notice", text);
      box.setAttribute("role", "status");
      return box;
    };
    notice.addTo(map);
  }

  function start() {
    map = window[data.mapVar];
    if (!data.hasTiles) map.getContainer().classList.add("lat-no-tiles");
    addLegend();
    if (data.notice) addNotice(data.notice);
    setBoundary(data.boundary);
    setDraft(data.draft);
    setPins(data.pins);
    setMode(data.mode || "pin");
    map.on("click", function (event) {
      if (bridge && mode !== "none") bridge.mapClicked(event.latlng.lat, event.latlng.lng);
    });
    if (window.qt && window.qt.webChannelTransport && window.QWebChannel) {
      new QWebChannel(window.qt.webChannelTransport, function (channel) {
        bridge = channel.objects.bridge;
        bridge.pageReady(pins.length);
      });
    }
  }

  window.addEventListener("load", start);

  return {
    setPins: setPins,
    select: function (id) { select(id, true); },
    setBoundary: setBoundary,
    setDraft: setDraft,
    setMode: setMode,
    /* For tests and checks: what the page shows. */
    shownPins: function () {
      return pins.map(function (pin) {
        var p = markers[pin.id].getLatLng();
        return { id: pin.id, lat: p.lat, lon: p.lng, label: pin.label };
      });
    },
    tooltipText: function (id) { return markers[id].getTooltip().getContent().textContent; },
    selected: function () { return selected; },
    map: function () { return map; },
  };
})();
