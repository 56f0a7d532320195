/**
 * Code that Liberty runs outside the application: a library registered through Liberty's BELL feature
 * ({@code <bell>} in liberty/server.xml), packaged as target/kubevirt-redfish-liberty.jar and left out of the war.
 * It can use only the Servlet API and the JDK: none of the application's classes or libraries are visible to it
 * (but for a copy of health.LogText, packaged with it), and Liberty's own internals only by reflection
 * ({@link org.kubevirtredfish.liberty.ChannelErrorPages}, {@link org.kubevirtredfish.liberty.UndecodableUriContainer},
 * {@link org.kubevirtredfish.liberty.ModuleErrorPages}).
 */
package org.kubevirtredfish.liberty;
