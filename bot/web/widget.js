// SafePassage web chat widget. On an NGO's page:
//   <script src="https://YOUR-SAFEPASSAGE-HOST/widget.js" data-lang="th" async></script>
// It adds a round button at the bottom corner that opens the chat in an iframe served by the same host.
(function () {
  var me = document.currentScript;
  var base = me.src.replace(/widget\.js(\?.*)?$/, '');
  var lang = me.getAttribute('data-lang') || '';
  var open = false, frame;
  var btn = document.createElement('button');
  btn.type = 'button';
  btn.textContent = '💬';
  btn.setAttribute('aria-label', 'SafePassage chat');
  btn.style.cssText = 'position:fixed;bottom:16px;right:16px;width:56px;height:56px;border-radius:50%;border:0;' +
    'background:#0b4f6c;color:#fff;font-size:26px;z-index:2147483647;box-shadow:0 2px 8px rgba(0,0,0,.3)';
  btn.onclick = function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = base + (lang ? '?lang=' + encodeURIComponent(lang) : '');
      frame.title = 'SafePassage';
      frame.style.cssText = 'position:fixed;bottom:80px;right:16px;width:min(380px,calc(100vw - 32px));' +
        'height:min(600px,calc(100vh - 100px));border:1px solid #ccc;border-radius:12px;z-index:2147483647;background:#fff';
      document.body.appendChild(frame);
    }
    open = !open;
    frame.style.display = open ? 'block' : 'none';
  };
  // An async script in <head> can run before <body> exists.
  if (document.body) document.body.appendChild(btn);
  else document.addEventListener('DOMContentLoaded', function () { document.body.appendChild(btn); });
})();
