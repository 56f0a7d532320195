package org.kubevirtredfish.resource;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Redfish URIs are absolute ({@code /redfish/v1/...}): the application sits at the root. */
@ApplicationPath("/")
public class RedfishApplication extends Application {
}
