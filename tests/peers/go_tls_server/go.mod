module rtls/go_tls_server

go 1.19
