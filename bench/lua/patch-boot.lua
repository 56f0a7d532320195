-- PATCH of the one-time boot override (the body sushy sends for set_system_boot_options).
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"Boot":{"BootSourceOverrideTarget":"Pxe","BootSourceOverrideEnabled":"Once"}}'
