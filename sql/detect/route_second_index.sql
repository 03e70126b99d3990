-- healthy_routes reads the whole seconds inside a cluster
CREATE INDEX temp.route_second_by_sec ON route_second(sec);
