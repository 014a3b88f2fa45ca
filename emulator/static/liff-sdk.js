// The LIFF SDK, emulated: liff.init, isInClient, isLoggedIn, getIDToken, getDecodedIDToken, login, logout.
// Opened by the chat page (LINE's in-app browser) the page gets its ID token in the URL fragment, as LIFF
// apps do; outside LINE, liff.login() goes through the emulator's LINE Login with PKCE.
(() => {
  const loginOrigin = new URL(document.currentScript.src).origin;
  const KEY = "liff-emulator";
  const load = () => JSON.parse(sessionStorage.getItem(KEY) || "{}");
  const save = (value) => sessionStorage.setItem(KEY, JSON.stringify(value));
  const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
  const here = () => location.origin + location.pathname;
  let session = {};

  async function exchange(code, liffId, pending) {
    const body = new URLSearchParams({
      grant_type: "authorization_code", code, redirect_uri: pending.redirectUri,
      client_id: liffId.split("-")[0], code_verifier: pending.verifier,
    });
    const answer = await fetch(`${loginOrigin}/oauth2/v2.1/token`, { method: "POST", body });
    if (!answer.ok) throw new Error("LINE Login refused the code");
    return (await answer.json()).id_token;
  }

  async function init({ liffId }) {
    session = load();
    const fragment = new URLSearchParams(location.hash.slice(1));
    const query = new URLSearchParams(location.search);
    if (fragment.get("id_token")) {
      session = { liffId, idToken: fragment.get("id_token"), inClient: fragment.get("in_client") === "1" };
      history.replaceState(null, "", location.pathname + location.search);
    } else if (query.get("code") && session.pending && query.get("state") === session.pending.state) {
      session = { liffId, idToken: await exchange(query.get("code"), liffId, session.pending), inClient: false };
      query.delete("code");
      query.delete("state");
      history.replaceState(null, "", location.pathname + (query.size ? `?${query}` : ""));
    }
    session.liffId = liffId;
    save(session);
  }

  async function login({ redirectUri } = {}) {
    const verifier = random();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    const pending = { state: random(), verifier, redirectUri: redirectUri || here() };
    save({ ...session, pending });
    location.href = `${loginOrigin}/oauth2/v2.1/authorize?${new URLSearchParams({
      response_type: "code", client_id: session.liffId.split("-")[0], redirect_uri: pending.redirectUri,
      state: pending.state, scope: "openid profile", nonce: random(), code_challenge: b64url(digest),
      code_challenge_method: "S256",
    })}`;
  }

  function decoded() {
    if (!session.idToken) return null;
    const body = session.idToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0))));
  }

  window.liff = {
    init,
    login,
    logout: () => { session = { liffId: session.liffId }; save(session); },
    isInClient: () => session.inClient === true,
    isLoggedIn: () => Boolean(session.idToken),
    getIDToken: () => session.idToken || null,
    getDecodedIDToken: decoded,
    closeWindow: () => window.parent.postMessage({ liff: "close" }, "*"),
  };
})();
