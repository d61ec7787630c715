# language: id
# Diskusi sebuah permohonan: pejabat yang terlibat dan OPD pemohon saling bertanya dan menjawab
# tanpa harus menyelesaikan langkah. Menulis @nama_pengguna menyebut seseorang, dan yang disebut
# diberi tahu (jenis "mentioned"); pemohon diberi tahu komentar pejabat (jenis "commented").
# Hanya orang yang boleh melihat permohonan yang dapat disebut; auditor membaca tetapi tidak
# menulis. Setiap komentar tercatat di riwayat permohonan dan jejak audit.
# Sumbawa, SOP sumbawa-2021, waktu WITA.

Fitur: Komentar dan sebutan dalam diskusi permohonan
  Sebagai pejabat Diskominfo atau pemohon dari OPD
  Saya ingin bertanya dalam diskusi permohonan dan menyebut orang yang perlu menjawab
  Agar pertanyaan tidak menunggu sampai sebuah langkah diselesaikan

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                               |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa  |
      | Sumbawa    | DISDIK | Dinas Pendidikan Kabupaten Sumbawa |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna | nama lengkap                | peran         | OPD    |
      | Sumbawa    | dinkes   | Tim Teknis Dinas Kesehatan  | opd           | DINKES |
      | Sumbawa    | disdik   | Tim Teknis Dinas Pendidikan | opd           | DISDIK |
      | Sumbawa    | andi     | Andi Wijaya                 | kadis         |        |
      | Sumbawa    | sari     | Sari Dewi                   | kasi-aplikasi |        |
      | Sumbawa    | ani      | Ani Pemeriksa               | auditor       |        |
    Dan sekarang "2026-04-14 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"

  Skenario: Orang yang disebut dalam komentar diberi tahu
    Ketika "andi" dari Diskominfo "Sumbawa" berkomentar "Mohon @sari telaah kebutuhan servernya." pada permohonan "Aplikasi Antrian Puskesmas"
    Maka "sari" dari Diskominfo "Sumbawa" diberi tahu "mentioned" oleh "Andi Wijaya" tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan "dinkes" dari Diskominfo "Sumbawa" diberi tahu "commented" oleh "Andi Wijaya" tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan diskusi permohonan "Aplikasi Antrian Puskesmas" berisi komentar "andi" berbunyi "Mohon @sari telaah kebutuhan servernya."
    Dan riwayat permohonan "Aplikasi Antrian Puskesmas" mencatat komentar "andi" yang menyebut "sari"

  Skenario: Pemohon menjawab dan menyebut pejabat tanpa menyelesaikan langkah
    Dengan "andi" dari Diskominfo "Sumbawa" telah berkomentar "Apakah datanya sudah siap?" pada permohonan "Aplikasi Antrian Puskesmas"
    Ketika "dinkes" dari Diskominfo "Sumbawa" berkomentar "Sudah, @andi. Kami kirim besok." pada permohonan "Aplikasi Antrian Puskesmas"
    Maka "andi" dari Diskominfo "Sumbawa" diberi tahu "mentioned" oleh "Tim Teknis Dinas Kesehatan" tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan "dinkes" dari Diskominfo "Sumbawa" diberi tahu "commented" sekali saja tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan langkah aktif permohonan "Aplikasi Antrian Puskesmas" adalah 2 oleh "kadis"

  Skenario: Orang yang tidak boleh melihat permohonan tidak dapat disebut
    Ketika "andi" dari Diskominfo "Sumbawa" berkomentar "Mohon @disdik ikut melihat." pada permohonan "Aplikasi Antrian Puskesmas"
    Maka komentar itu ditolak pada isian "mentions" yang menyebut "@disdik"
    Dan "disdik" dari Diskominfo "Sumbawa" tidak diberi tahu apa pun tentang diskusi permohonan "Aplikasi Antrian Puskesmas"

  Skenario: Auditor membaca diskusi tetapi tidak menulis di dalamnya
    Ketika "ani" dari Diskominfo "Sumbawa" berkomentar "Saya ingin bertanya." pada permohonan "Aplikasi Antrian Puskesmas"
    Maka komentar itu ditolak karena "forbidden"
