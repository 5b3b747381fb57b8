// `hindsight dashboard STORE [--port P] [--bind ADDR]`: serves the data-quality dashboard
// (web/, charts by uPlot) over the stored profiles and audit results. Loads the profiles
// once at start; nothing reads the data files.
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/dashboard_assets.h"
#include "httplib.h"
#include "quality/dashboard_data.h"
#include "store/store_layout.h"
#include "util/str_cat.h"

namespace hindsight::cli {
namespace {

struct DashboardArguments {
  std::string store;
  int port = 8090;
  std::string bind = "127.0.0.1";
};

void SendJson(httplib::Response& response, const nlohmann::json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

void SendError(httplib::Response& response, const Status& status) {
  const int code = absl::IsNotFound(status) ? 404 : 400;
  SendJson(response, {{"error", std::string(status.message())}}, code);
}

StatusOr<int64_t> SecondsParameter(const httplib::Request& request, const char* name) {
  const std::string text = request.get_param_value(name);
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return absl::InvalidArgumentError(StrCat("parameter '", name, "' must be epoch seconds"));
  }
  return seconds * 1'000'000;
}

int RunDashboard(const DashboardArguments& args) {
  if (!store::StoreExists(args.store)) {
    return ReportError(absl::NotFoundError(StrCat(args.store, ": no store here")));
  }
  StatusOr<quality::DashboardData> loaded = quality::DashboardData::Load(args.store);
  if (!loaded.ok()) return ReportError(loaded.status());
  const auto data = std::make_shared<const quality::DashboardData>(std::move(*loaded));

  httplib::Server server;
  for (const DashboardAsset& asset : DashboardAssets()) {
    auto handler = [&asset](const httplib::Request&, httplib::Response& response) {
      response.set_content(asset.bytes.data(), asset.bytes.size(),
                           std::string(asset.content_type).c_str());
    };
    server.Get(std::string(asset.url), handler);
    if (asset.url == "/index.html") server.Get("/", handler);
  }
  server.Get("/api/summary", [data](const httplib::Request&, httplib::Response& r) {
    SendJson(r, data->Summary());
  });
  server.Get("/api/audits", [data](const httplib::Request&, httplib::Response& r) {
    SendJson(r, data->Audits());
  });
  server.Get("/api/series", [data](const httplib::Request& q, httplib::Response& r) {
    auto series = data->Series(q.get_param_value("attribute"),
                               q.has_param("metric") ? q.get_param_value("metric") : "count",
                               q.get_param_value("slice"),
                               q.has_param("period") ? q.get_param_value("period") : "hour");
    series.ok() ? SendJson(r, *series) : SendError(r, series.status());
  });
  server.Get("/api/histogram", [data](const httplib::Request& q, httplib::Response& r) {
    quality::TimeRange first, second;
    for (const auto& [range, from, to] :
         {std::tuple{&first, "from1", "to1"}, std::tuple{&second, "from2", "to2"}}) {
      auto from_us = SecondsParameter(q, from);
      auto to_us = SecondsParameter(q, to);
      if (!from_us.ok() || !to_us.ok())
        return SendError(r, from_us.ok() ? to_us.status() : from_us.status());
      *range = {*from_us, *to_us};
    }
    int bins = 30;
    if (q.has_param("bins"))
      bins = std::clamp(std::atoi(q.get_param_value("bins").c_str()), 2, 200);
    auto histograms = data->Histograms(q.get_param_value("attribute"), q.get_param_value("slice"),
                                       first, second, bins);
    histograms.ok() ? SendJson(r, *histograms) : SendError(r, histograms.status());
  });

  if (!server.bind_to_port(args.bind.c_str(), args.port)) {
    return ReportError(
        absl::UnavailableError(StrCat("cannot listen on ", args.bind, ":", args.port)));
  }
  std::cout << "dashboard of " << args.store << " at http://" << args.bind << ":" << args.port
            << "/ (Ctrl-C stops)" << std::endl;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread listener([&server] { server.listen_after_bind(); });
  int signal = 0;
  sigwait(&signals, &signal);
  server.stop();
  listener.join();
  return kExitOk;
}

}  // namespace

Command AddDashboardCommand(CLI::App& root) {
  CLI::App* app = root.add_subcommand(
      "dashboard",
      "Serve the data-quality dashboard (profiles and audits over the store's history)");
  auto args = std::make_shared<DashboardArguments>();
  app->add_option("STORE", args->store, "Store directory")->required();
  app->add_option("--port", args->port, "TCP port")->check(CLI::Range(0, 65535));
  app->add_option("--bind", args->bind, "Address to listen on (default loopback only)");
  return {app, [args] { return RunDashboard(*args); }};
}

}  // namespace hindsight::cli
