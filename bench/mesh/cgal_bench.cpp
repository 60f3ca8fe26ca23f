// Side-by-side timing of CGAL 5.5 (Debian libcgal-dev) on the meshes `tessera bench mesh` uses (bumpy torus
// recipe of ../shared/fixtures/mesh/meshes/large.recipe.json). Built and run by `tessera bench mesh --peers`
// (or run_peers.sh). Usage: cgal_bench RUNS TMPDIR [OPERATION...]; prints one JSON line {id, op, median_s} per
// operation. Operation names are Tessera's row ids (loop_1iter_100k, ..., write_obj_large); none = all.
#include <CGAL/Simple_cartesian.h>
#include <CGAL/Surface_mesh.h>
#include <CGAL/subdivision_method_3.h>
#include <CGAL/Surface_mesh_simplification/edge_collapse.h>
#include <CGAL/Surface_mesh_simplification/Policies/Edge_collapse/Count_stop_predicate.h>
#include <CGAL/Surface_mesh_simplification/Policies/Edge_collapse/GarlandHeckbert_plane_policies.h>
#include <CGAL/IO/OBJ.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>
#include <string>
#include <vector>

typedef CGAL::Simple_cartesian<double> Kernel;
typedef Kernel::Point_3 Point;
typedef CGAL::Surface_mesh<Point> Mesh;
namespace SMS = CGAL::Surface_mesh_simplification;

static Mesh bumpy(int nu, int nv) {
  const double R = 1.0, r = 0.35, a1 = 0.2, a2 = 0.05;
  Mesh m;
  std::vector<Mesh::Vertex_index> vh;
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

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::string tmp = argc > 2 ? argv[2] : "/tmp";
  std::set<std::string> ops(argv + std::min(argc, 3), argv + argc);
  auto want = [&](const char* op) { return ops.empty() || ops.count(op) > 0; };
  const Mesh m100k = bumpy(320, 160), m25k = bumpy(160, 80), large = bumpy(512, 256);
  Mesh work;
  namespace P = CGAL::parameters;
  if (want("loop_1iter_100k"))
    timeit("loop_1iter_100k", "cgal_loop_1iter_100k", runs, [&] { work = m100k; }, [&] { CGAL::Subdivision_method_3::Loop_subdivision(work, P::number_of_iterations(1)); });
  if (want("loop_2iter_25k"))
    timeit("loop_2iter_25k", "cgal_loop_2iter_25k", runs, [&] { work = m25k; }, [&] { CGAL::Subdivision_method_3::Loop_subdivision(work, P::number_of_iterations(2)); });
  if (want("sqrt3_1iter_100k"))
    timeit("sqrt3_1iter_100k", "cgal_sqrt3_1iter_100k", runs, [&] { work = m100k; }, [&] { CGAL::Subdivision_method_3::Sqrt3_subdivision(work, P::number_of_iterations(1)); });
  if (want("sqrt3_2iter_25k"))
    timeit("sqrt3_2iter_25k", "cgal_sqrt3_2iter_25k", runs, [&] { work = m25k; }, [&] { CGAL::Subdivision_method_3::Sqrt3_subdivision(work, P::number_of_iterations(2)); });
  if (want("qem_large_10pct")) {
    // a closed triangle mesh with F faces has 3F/2 edges: stop below 3F/2 + 1 edges, i.e. at F = 10 % faces
    const std::size_t targetFaces = large.number_of_faces() / 10;
    timeit("qem_large_10pct", "cgal_edge_collapse_gh_large_10pct", runs, [&] { work = large; }, [&] {
      SMS::Count_stop_predicate<Mesh> stop(3 * targetFaces / 2 + 1);
      SMS::GarlandHeckbert_plane_policies<Mesh, Kernel> gh(work);
      SMS::edge_collapse(work, stop, P::get_cost(gh.get_cost()).get_placement(gh.get_placement()));
    });
    std::fprintf(stderr, "cgal qem: %zu faces\n", (size_t)work.number_of_faces());
  }
  std::string obj = tmp + "/cgal_large.obj";
  if (want("write_obj_large") || want("read_obj_large")) CGAL::IO::write_OBJ(obj, large, P::stream_precision(17));
  if (want("read_obj_large"))
    timeit("read_obj_large", "cgal_read_obj_large", runs, [&] { work.clear(); }, [&] { CGAL::IO::read_OBJ(obj, work); });
  if (want("write_obj_large"))
    timeit("write_obj_large", "cgal_write_obj_large", runs, [&] {}, [&] { CGAL::IO::write_OBJ(obj, large, P::stream_precision(17)); });
  return 0;
}
