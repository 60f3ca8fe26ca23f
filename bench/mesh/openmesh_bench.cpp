// Side-by-side timing of OpenMesh 9.0 on the meshes `tessera bench mesh` uses (bumpy torus recipe of
// ../shared/fixtures/mesh/meshes/large.recipe.json). Built and run by `tessera bench mesh --peers` (or
// run_openmesh.sh). Usage: openmesh_bench RUNS TMPDIR [OPERATION...]; prints one JSON line {op, id, median_s} per
// operation. Operation names are Tessera's row ids (loop_1iter_100k, ..., write_obj_large); none = all.
#include <OpenMesh/Core/Mesh/TriMesh_ArrayKernelT.hh>
#include <OpenMesh/Core/IO/MeshIO.hh>
#include <OpenMesh/Tools/Subdivider/Uniform/LoopT.hh>
#include <OpenMesh/Tools/Subdivider/Uniform/Sqrt3T.hh>
#include <OpenMesh/Tools/Decimater/DecimaterT.hh>
#include <OpenMesh/Tools/Decimater/ModQuadricT.hh>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <vector>

struct Traits : OpenMesh::DefaultTraits {
  typedef OpenMesh::Vec3d Point;
  typedef OpenMesh::Vec3d Normal;
};
typedef OpenMesh::TriMesh_ArrayKernelT<Traits> Mesh;

static Mesh bumpy(int nu, int nv) {
  const double R = 1.0, r = 0.35, a1 = 0.2, a2 = 0.05;
  Mesh m;
  std::vector<Mesh::VertexHandle> vh;
  for (int i = 0; i < nu; ++i) {
    double u = 2 * M_PI * i / nu;
    for (int j = 0; j < nv; ++j) {
      double v = 2 * M_PI * j / nv;
      double rho = r * (1 + a1 * std::sin(6 * u) * std::cos(4 * v) + a2 * std::sin(23 * u) * std::sin(11 * v));
      vh.push_back(m.add_vertex(Mesh::Point((R + rho * std::cos(v)) * std::cos(u), (R + rho * std::cos(v)) * std::sin(u), rho * std::sin(v))));
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
  if (want("loop_1iter_100k")) timeit("loop_1iter_100k", "openmesh_loop_1iter_100k", runs, [&] { work = m100k; }, [&] { OpenMesh::Subdivider::Uniform::LoopT<Mesh> s; s.attach(work); s(1); s.detach(); });
  if (want("loop_2iter_25k")) timeit("loop_2iter_25k", "openmesh_loop_2iter_25k", runs, [&] { work = m25k; }, [&] { OpenMesh::Subdivider::Uniform::LoopT<Mesh> s; s.attach(work); s(2); s.detach(); });
  if (want("sqrt3_1iter_100k")) timeit("sqrt3_1iter_100k", "openmesh_sqrt3_1iter_100k", runs, [&] { work = m100k; }, [&] { OpenMesh::Subdivider::Uniform::Sqrt3T<Mesh> s; s.attach(work); s(1); s.detach(); });
  if (want("sqrt3_2iter_25k")) timeit("sqrt3_2iter_25k", "openmesh_sqrt3_2iter_25k", runs, [&] { work = m25k; }, [&] { OpenMesh::Subdivider::Uniform::Sqrt3T<Mesh> s; s.attach(work); s(2); s.detach(); });
  if (want("qem_large_10pct")) timeit("qem_large_10pct", "openmesh_decimate_quadric_large_10pct", runs, [&] { work = large; }, [&] {
    OpenMesh::Decimater::DecimaterT<Mesh> d(work);
    OpenMesh::Decimater::ModQuadricT<Mesh>::Handle h;
    d.add(h);
    d.initialize();
    d.decimate_to_faces(0, large.n_faces() / 10);
    work.garbage_collection();
  });
  std::string obj = tmp + "/openmesh_large.obj";
  OpenMesh::IO::Options wopt;
  if (want("read_obj_large") || want("write_obj_large")) OpenMesh::IO::write_mesh(large, obj, wopt, 17);
  if (want("write_obj_large")) timeit("write_obj_large", "openmesh_write_obj_large", runs, [&] {}, [&] { OpenMesh::IO::write_mesh(large, obj, wopt, 17); });
  if (want("read_obj_large")) timeit("read_obj_large", "openmesh_read_obj_large", runs, [&] { work.clear(); }, [&] { OpenMesh::IO::read_mesh(work, obj); });
  return 0;
}
