package dev.kafkatorio.tiles.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafkatorio.tiles.http.HostPolicy.BindKind;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostPolicyTest {

    private static HostPolicy policy(String bind, String... allowed) {
        return HostPolicy.of(bind, List.of(allowed), () -> 8080);
    }

    @Test
    void shouldAllowLoopbackNamesAtTheServerPortWhenBoundToLoopback() {
        for (String bind : List.of("127.0.0.1", "::1", "[::1]", "localhost")) {
            HostPolicy p = policy(bind);
            assertThat(p.allows("localhost:8080")).as(bind).isTrue();
            assertThat(p.allows("LOCALHOST:8080")).as(bind).isTrue();
            assertThat(p.allows("127.0.0.1:8080")).as(bind).isTrue();
            assertThat(p.allows("[::1]:8080")).as(bind).isTrue();
            assertThat(p.allows("[0:0:0:0:0:0:0:1]:8080")).as(bind).isTrue(); // same address
            assertThat(p.allows("localhost")).as(bind).isFalse(); // port 80
            assertThat(p.allows("localhost:8081")).as(bind).isFalse();
            assertThat(p.allows("evil.example:8080")).as(bind).isFalse();
            assertThat(p.allows("localhost.:8080")).as(bind).isFalse();
            assertThat(p.allows("127.0.0.1.nip.io:8080")).as(bind).isFalse();
            assertThat(p.allows("192.168.1.5:8080")).as(bind).isFalse();
        }
        assertThat(policy("127.0.0.2").allows("127.0.0.2:8080")).isTrue();
    }

    @Test
    void shouldRefuseMalformedAuthorities() {
        HostPolicy p = policy("127.0.0.1");
        for (String bad : new String[] {null, "", " ", "localhost:", "localhost:0", "localhost:65536",
                "localhost:80:80", "localhost:+80", "user@localhost:8080", "localhost/x:8080", "::1:8080",
                "[::1", "[::1]x", "[::1%lo]:8080", "[localhost]:8080", "300.0.0.1:8080", "loc_al host:8080",
                "-localhost:8080", "localhost:8080\r\nX: y"}) {
            assertThat(p.allows(bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void shouldAllowTheSpecificBindAddressAndOnlyIt() {
        HostPolicy p = policy("192.168.1.5");
        assertThat(p.allows("192.168.1.5:8080")).isTrue();
        assertThat(p.allows("192.168.1.5")).isFalse();
        assertThat(p.allows("localhost:8080")).isFalse(); // not reachable through loopback anyway
        HostPolicy v6 = policy("2001:db8:0:0:0:0:0:7");
        assertThat(v6.allows("[2001:db8::7]:8080")).isTrue();
        assertThat(v6.allows("[2001:DB8::7]:8080")).isTrue();
        assertThat(policy("tiles.internal").allows("tiles.internal:8080")).isTrue();
    }

    @Test
    void shouldAllowOnlyLoopbackAndTheConfiguredListOnAWildcardBind() {
        HostPolicy p = policy("0.0.0.0", "map.example.com", "10.0.0.5:8080");
        assertThat(p.allows("map.example.com")).isTrue(); // any port: a proxy may drop or change it
        assertThat(p.allows("map.example.com:443")).isTrue();
        assertThat(p.allows("10.0.0.5:8080")).isTrue();
        assertThat(p.allows("10.0.0.5:9090")).isFalse();
        assertThat(p.allows("localhost:8080")).isTrue();
        assertThat(p.allows("0.0.0.0:8080")).isFalse();
        assertThat(p.allows("other.example.com")).isFalse();
        assertThat(p.allows("sub.map.example.com")).isFalse();
        assertThat(HostPolicy.bindKind("0.0.0.0")).isEqualTo(BindKind.WILDCARD);
        assertThat(HostPolicy.bindKind("::")).isEqualTo(BindKind.WILDCARD);
        assertThat(HostPolicy.bindKind("[::]")).isEqualTo(BindKind.WILDCARD);
        assertThat(HostPolicy.bindKind("127.0.0.1")).isEqualTo(BindKind.LOOPBACK);
        assertThat(HostPolicy.bindKind("10.1.2.3")).isEqualTo(BindKind.SPECIFIC);
        assertThat(HostPolicy.bindKind("some-name")).isEqualTo(BindKind.SPECIFIC);
    }

    @Test
    void shouldAllowEverythingWithStar() {
        HostPolicy p = policy("0.0.0.0", "*");
        assertThat(p.allowsAny()).isTrue();
        assertThat(p.allows("anything.example:1")).isTrue();
        assertThat(p.describe()).containsExactly("*");
    }

    @Test
    void shouldUseTheActualPortOnEveryCheck() {
        AtomicInteger port = new AtomicInteger(-1);
        HostPolicy p = HostPolicy.of("127.0.0.1", List.of(), port::get);
        assertThat(p.allows("localhost:41234")).isFalse();
        port.set(41234); // port 0 resolved at start
        assertThat(p.allows("localhost:41234")).isTrue();
        assertThat(p.describe()).contains("localhost:41234", "127.0.0.1:41234", "[::1]:41234");
    }

    @Test
    void shouldNormaliseEntriesAndRejectBadOnesWithAHint() {
        assertThat(HostPolicy.normaliseEntry(" Map.Example.COM ")).isEqualTo("map.example.com");
        assertThat(HostPolicy.normaliseEntry("map.example.com:8443")).isEqualTo("map.example.com:8443");
        assertThat(HostPolicy.normaliseEntry("::1")).isEqualTo("[::1]");
        assertThat(HostPolicy.normaliseEntry("[2001:db8:0:0::1]:8080")).isEqualTo("[2001:db8::1]:8080");
        assertThat(HostPolicy.normaliseEntry("tile_server")).isEqualTo("tile_server");
        assertThat(HostPolicy.normaliseEntry("*")).isEqualTo("*");
        for (String bad : new String[] {"", "http://map.example.com", "map.example.com/", "map example",
                "map.example.com:0", "map.example.com:99999", "[::1", "*.example.com"}) {
            assertThatThrownBy(() -> HostPolicy.normaliseEntry(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("host:port");
        }
        assertThatThrownBy(() -> policy("127.0.0.1:80")).hasMessageContaining("without a port");
    }

    @Test
    void shouldCompressIpv6LikeBrowsers() throws Exception {
        assertThat(HostPolicy.compress(InetAddress.getByName("0:0:0:0:0:0:0:1").getAddress())).isEqualTo("::1");
        assertThat(HostPolicy.compress(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(HostPolicy.compress(InetAddress.getByName("fe80:0:0:0:0:0:0:0").getAddress())).isEqualTo("fe80::");
        assertThat(HostPolicy.compress(InetAddress.getByName("1:2:3:4:5:6:7:8").getAddress())).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(HostPolicy.compress(InetAddress.getByName("1:0:3:4:5:6:7:8").getAddress())).isEqualTo("1:0:3:4:5:6:7:8");
        HostPolicy p = policy("0.0.0.0", "::ffff:10.0.0.1");
        assertThat(p.allows("[::ffff:a00:1]:1")).isTrue();
    }
}
