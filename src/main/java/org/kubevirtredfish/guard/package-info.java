/**
 * Servlet filters that bound what a client can make the service do before any Redfish route runs: how long and how
 * much of a request body is read, how many anonymous requests may be sending one at once, which {@code Host}
 * headers are accepted; and the Redfish error body for what the servlet container itself refuses.
 */
package org.kubevirtredfish.guard;
