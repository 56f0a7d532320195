/**
 * The Redfish resources: one CDI bean per Redfish resource, each implementing the JAX-RS interface generated
 * from openapi/openapi.yaml, building its payload in one place and reaching KubeVirt only through the gateway.
 * Also the protocol pieces every resource shares: headers, ETags, request-body checks, error mapping.
 */
package org.kubevirtredfish.resource;
