/**
 * What operators watch: MicroProfile Health (started, live, ready once the gateway can read, with the informers
 * that are not), MicroProfile Metrics (requests, power and media actions, authentication failures, sessions,
 * exposed systems, Kubernetes API calls, informers), and one structured log line per request with a request id
 * that every line of the request carries.
 */
package org.kubevirtredfish.health;
