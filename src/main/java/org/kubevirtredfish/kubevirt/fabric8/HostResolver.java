package org.kubevirtredfish.kubevirt.fabric8;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name to addresses: the JVM's resolver in production, a fixed table in tests (DNS rebinding). */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
