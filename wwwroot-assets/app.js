// Small browser helpers the console calls through JS interop.
window.novaConsole = {
  copyText: function (text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-HTTP consoles have no clipboard API: fall back to a hidden textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  },
  // The browser's time zone for <LocalTime>: its IANA name and its current offset from UTC in minutes (east positive).
  timeZone: function () {
    let zone = null;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { }
    return { zone: zone, offsetMinutes: -new Date().getTimezoneOffset() };
  },
  // Submits a form by id (the sign-out form behind the profile menu's item).
  submit: function (id) {
    const form = document.getElementById(id);
    if (form) form.requestSubmit();
  }
};
