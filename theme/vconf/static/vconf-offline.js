/* vconf-offline.js: registers the site's service worker (vconf-sw.js at the site root) and
 * offers vconf.offline.saveAll(progress) to "Save the whole conference for offline".
 *
 * <meta name="vconf-offline" content="on|off"> (the vconf_offline option) says which: "off"
 * unregisters a worker an earlier build left. Needs vconf-time.js (vconf.root).
 */
(() => {
  "use strict";
  const vconf = (window.vconf = window.vconf || {});
  const meta = document.querySelector('meta[name="vconf-offline"]');
  if (!meta || !("serviceWorker" in navigator) || !vconf.root) return;
  const scope = vconf.root.href;
  if (meta.content !== "on") {
    navigator.serviceWorker.getRegistration(scope).then((r) => r && r.scope === scope && r.unregister()).catch(() => {});
    return;
  }
  const registered = navigator.serviceWorker.register(new URL("vconf-sw.js", vconf.root).href, { scope })
    .catch((err) => {
      console.warn("vconf: offline reading is not available:", err);
      throw err;
    });
  registered.catch(() => {});

  vconf.offline = {
    registered,
    /** Cache every page, script, style, image and data file; resolves to {files, bytes}. */
    async saveAll(progress) {
      await registered;
      const reg = await navigator.serviceWorker.ready;
      const worker = reg.active;
      if (!worker) throw new Error("the offline worker is not running");
      return new Promise((resolve, reject) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => {
          const d = e.data || {};
          if (d.error) reject(new Error(d.error));
          else if (d.finished) resolve({ files: d.files, bytes: d.bytes });
          else if (progress) progress(d.done, d.total);
        };
        worker.postMessage({ type: "save-all" }, [channel.port2]);
      });
    },
  };
})();
