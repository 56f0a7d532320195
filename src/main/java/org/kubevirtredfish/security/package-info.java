/**
 * Authentication and authorization: config.yaml's users (bcrypt or plain passwords, checked in constant time),
 * Redfish sessions, the Jakarta Security mechanism for X-Auth-Token and Basic, and the deny-by-default filter
 * that checks each route's declared privileges against the caller's role.
 */
package org.kubevirtredfish.security;
