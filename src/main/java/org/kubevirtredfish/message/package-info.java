/**
 * Redfish messages and error responses: {@link org.kubevirtredfish.message.BaseMessage} (each Base registry
 * message with its HTTP status), the exception that carries them, and the JAX-RS exception mappers that turn
 * every failure, including unexpected ones, into a Redfish error body without internal details.
 */
package org.kubevirtredfish.message;
