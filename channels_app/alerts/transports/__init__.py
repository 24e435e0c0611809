"""Alert transports: `registry` holds one row per transport; each other module here is one
transport (or the email pair) and registers its row when imported. `installed` imports them
all, once, from AlertsConfig.ready. Adding a transport: one module and one line there."""
