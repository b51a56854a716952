/*
 * hub.h - the hub (LGSP): one instance serving many as their document
 * axis. Client systems registered as members (name, the agency codes
 * they answer for, a push URL or none, an API key shown once and kept
 * hashed, optionally a pinned certificate) send signed edXML packages
 * through it; the hub verifies each against its trust store, stores it
 * once by SHA-256, logs it, and routes it to the member answering for
 * each receiver: pushed to a congso instance's exchange endpoint through
 * the job queue, or kept in a pull member's waiting list until it
 * fetches and acknowledges it. The member API (POST/GET
 * /api/v1/hub/packages, GET /api/v1/hub/packages/{id}, POST .../ack)
 * follows the national document axis, so the same client code talks to
 * either. Settings: hub.enabled ('1' on, '0' off, absent: on while it
 * has members) and hub.keep_packages ('0': a package's file is dropped
 * once every delivery is finished; its log row stays).
 */
#ifndef CONGSO_HUB_H
#define CONGSO_HUB_H

/* Routes (the member API; admin pages and API), the job "hub.forward"
 * and the menu entry. Call at start-up. */
void	 hub_register(void);

/* `congso hub member add|list|remove`, `congso hub log`, `congso hub
 * config`; argv[0] is "hub". Exit status 0, 1 failure, 2 bad usage. */
int	 hub_cli(int argc, char **argv);
/* Help for `congso help hub`, on standard output. */
void	 hub_usage(void);

#endif
