/**
 * What operators watch: MicroProfile Health (started, live, ready once the gateway can read), MicroProfile
 * Metrics of requests, power actions, media actions, authentication failures, sessions and exposed systems, and a
 * one-line log per request with a correlation id.
 */
package org.kubevirtredfish.health;
