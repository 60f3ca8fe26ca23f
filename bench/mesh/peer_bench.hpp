// What the OpenMesh and CGAL drivers (openmesh_bench.cpp, cgal_bench.cpp) share: their command line, the meshes
// `tessera bench mesh` uses (bumpy torus recipe of ../shared/fixtures/mesh/meshes/large.recipe.json) and the timing
// rule. Usage of a driver: DRIVER RUNS TMPDIR [OPERATION...]; it prints one JSON line {op, id, median_s, warmup_calls}
// per operation. Operation names are Tessera's row ids (loop_1iter_100k, ..., write_obj_large); none = all.
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <vector>

// The command line: timed calls per operation, a scratch folder, and the operations asked for.
struct PeerArgs {
  int runs;
  std::string tmp;
  std::set<std::string> ops;
  bool want(const char* op) const { return ops.empty() || ops.count(op) > 0; }
};

static PeerArgs parse_args(int argc, char** argv) {
  return PeerArgs{argc > 1 ? std::atoi(argv[1]) : 5, argc > 2 ? argv[2] : "/tmp", std::set<std::string>(argv + std::min(argc, 3), argv + argc)};
}

// The bumpy torus, nu × nv quads split into two triangles each (the same recipe as Tessera's side). Both libraries
// take add_vertex(Point) and add_face(v, v, v).
template <class Mesh>
static Mesh bumpy(int nu, int nv) {
  typedef typename Mesh::Point Point;
  const double R = 1.0, r = 0.35, a1 = 0.2, a2 = 0.05;
  Mesh m;
  std::vector<decltype(m.add_vertex(Point()))> vh;
  for (int i = 0; i < nu; ++i) {
    double u = 2 * M_PI * i / nu;
    for (int j = 0; j < nv; ++j) {
      double v = 2 * M_PI * j / nv;
      double rho = r * (1 + a1 * std::sin(6 * u) * std::cos(4 * v) + a2 * std::sin(23 * u) * std::sin(11 * v));
      vh.push_back(m.add_vertex(Point((R + rho * std::cos(v)) * std::cos(u), (R + rho * std::cos(v)) * std::sin(u), rho * std::sin(v))));
    }
  }
  for (int i = 0; i < nu; ++i)
    for (int j = 0; j < nv; ++j) {
      int a = i * nv + j, b = ((i + 1) % nu) * nv + j, c = ((i + 1) % nu) * nv + (j + 1) % nv, d = i * nv + (j + 1) % nv;
      m.add_face(vh[a], vh[b], vh[c]);
      m.add_face(vh[a], vh[c], vh[d]);
    }
  return m;
}

// Warm-up: untimed calls until they add up to one second (at least one call), the rule `tessera bench mesh` applies
// to its own side, so that every side is timed in its steady state (allocator and caches warm; for .NET also JIT
// tiering and a grown heap). Then `runs` timed calls; the median is printed.
static const double kWarmupSeconds = 1.0;

static double once(const std::function<void()>& setup, const std::function<void()>& work) {
  setup();
  auto t0 = std::chrono::steady_clock::now();
  work();
  auto t1 = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(t1 - t0).count();
}

static void timeit(const char* op, const char* id, int runs, const std::function<void()>& setup, const std::function<void()>& work) {
  int warmups = 0;
  for (double warm = 0; warm < kWarmupSeconds; ++warmups) warm += once(setup, work);
  std::vector<double> t;
  for (int r = 0; r < runs; ++r) t.push_back(once(setup, work));
  std::sort(t.begin(), t.end());
  std::printf("{\"op\": \"%s\", \"id\": \"%s\", \"median_s\": %.6f, \"warmup_calls\": %d}\n", op, id, t[t.size() / 2], warmups);
  std::fflush(stdout);
}
