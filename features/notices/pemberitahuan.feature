# language: id
# Siapa diberi tahu apa, dan kapan. Pemberitahuan di halaman selalu muncul; surel (dan ringkasan
# harian) mengikuti pilihan tiap pengguna, hanya ke alamat yang telah dikonfirmasi. Ringkasan
# harian berangkat ketika jam kantor hari itu usai. Pengingat dan pemberitahuan terlambat hanya muncul pada
# jam kantor di hari kerja: yang jatuh di luar jam kantor, di akhir pekan atau hari libur
# menunggu pembukaan hari kerja berikutnya.
# Sumbawa, SOP sumbawa-2021, waktu WITA, jam kantor 07.30-16.00 Senin-Jumat. Langkah 2 (Kadis)
# "1 Hari Kerja"; langkah 13 (tim pengembang yang ditunjuk di langkah 4) "1 hari".
# 14 April 2026 hari Selasa; 17 April hari Jumat; 18 April Sabtu; 20 April Senin (tanpa hari libur).

Fitur: Pemberitahuan kepada pejabat dan pemohon
  Sebagai pejabat Diskominfo atau pemohon dari OPD
  Saya ingin diberi tahu ketika pekerjaan sampai kepada saya, sebelum jatuh tempo, dan ketika terlambat
  Agar tidak ada langkah yang menunggu tanpa diketahui orang yang harus mengerjakannya

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                              |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna | nama lengkap               | peran          | OPD    |
      | Sumbawa    | dinkes   | Tim Teknis Dinas Kesehatan | opd            | DINKES |
      | Sumbawa    | andi     | Andi Wijaya                | kadis          |        |
      | Sumbawa    | lina     | Lina Marlina               | kadis          |        |
      | Sumbawa    | budi     | Budi Santoso               | kabid-ti       |        |
      | Sumbawa    | sari     | Sari Dewi                  | kasi-aplikasi  |        |
      | Sumbawa    | tono     | Tono Prasetyo              | tim-pengembang |        |
      | Sumbawa    | wati     | Wati Susanti               | tim-pengembang |        |
      | Sumbawa    | admin    | Admin Diskominfo           | admin          |        |

  Skenario: Langkah yang sampai di Kadis diberitahukan kepada setiap pemegang peran Kadis
    Dengan sekarang "2026-04-14 10:00" WITA
    Ketika "dinkes" dari Diskominfo "Sumbawa" mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Maka "andi" dari Diskominfo "Sumbawa" diberi tahu "arrived" tentang langkah 2 permohonan "Aplikasi Antrian Puskesmas" pada "2026-04-14 10:00" WITA
    Dan "lina" dari Diskominfo "Sumbawa" diberi tahu "arrived" tentang langkah 2 permohonan "Aplikasi Antrian Puskesmas" pada "2026-04-14 10:00" WITA
    Dan "andi" dari Diskominfo "Sumbawa" diberi tahu "overdue" tentang langkah 2 permohonan "Aplikasi Antrian Puskesmas" pada "2026-04-15 10:00" WITA
    Dan "budi" dari Diskominfo "Sumbawa" tidak diberi tahu apa pun tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan "andi" dari Diskominfo "Sumbawa" melihat 1 pemberitahuan belum dibaca

  Skenario: Langkah yang ditunjuk hanya diberitahukan kepada yang ditunjuk
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika permohonan "Aplikasi Antrian Puskesmas" diteruskan sampai langkah 9 dengan "tono" ditunjuk pada langkah 4
    Maka "tono" dari Diskominfo "Sumbawa" diberi tahu "arrived" tentang langkah 9 permohonan "Aplikasi Antrian Puskesmas"
    Dan "wati" dari Diskominfo "Sumbawa" tidak diberi tahu apa pun tentang permohonan "Aplikasi Antrian Puskesmas"

  Skenario: Langkah yang jatuh tempo hari Sabtu diberitahukan terlambat Senin pada jam buka kantor
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan permohonan "Aplikasi Antrian Puskesmas" diteruskan sampai langkah 12 dengan "tono" ditunjuk pada langkah 4
    Dan sekarang "2026-04-17 10:00" WITA
    Ketika "tono" dari Diskominfo "Sumbawa" menyelesaikan langkah 12 pada permohonan "Aplikasi Antrian Puskesmas"
    Maka langkah 13 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-04-18 10:00" WITA
    Dan "tono" dari Diskominfo "Sumbawa" diberi tahu "overdue" tentang langkah 13 permohonan "Aplikasi Antrian Puskesmas" pada "2026-04-20 07:30" WITA
    Dan "tono" dari Diskominfo "Sumbawa" belum melihat pemberitahuan "overdue" pada "2026-04-18 10:00" WITA
    Dan "tono" dari Diskominfo "Sumbawa" melihat pemberitahuan "overdue" pada "2026-04-20 07:30" WITA

  Skenario: Pengingat sehari kerja sebelum tenggat; langkah jatuh tempo Senin diingatkan Jumat
    Dengan sekarang "2026-04-16 15:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan permohonan "Aplikasi Antrian Puskesmas" diteruskan sampai langkah 14 dengan "tono" ditunjuk pada langkah 4
    Maka "dinkes" dari Diskominfo "Sumbawa" diberi tahu "reminder" tentang langkah 14 permohonan "Aplikasi Antrian Puskesmas"
    Dan pengingat "dinkes" untuk langkah 14 permohonan "Aplikasi Antrian Puskesmas" muncul sehari kerja sebelum tenggatnya pada jam kantor

  Skenario: Pemohon diberi tahu ketika permohonannya dikembalikan dan ketika selesai
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "andi" dari Diskominfo "Sumbawa" mengembalikan permohonan "Aplikasi Antrian Puskesmas" karena "Surat Permohonan Pembuatan Aplikasi" belum lengkap
    Maka "dinkes" dari Diskominfo "Sumbawa" diberi tahu "returned" tentang langkah 2 permohonan "Aplikasi Antrian Puskesmas"
    Dan "andi" dari Diskominfo "Sumbawa" tidak lagi menunggu pemberitahuan "overdue" tentang permohonan "Aplikasi Antrian Puskesmas"
    Ketika "dinkes" dari Diskominfo "Sumbawa" melengkapi permohonan "Aplikasi Antrian Puskesmas"
    Dan permohonan "Aplikasi Antrian Puskesmas" diteruskan sampai selesai dengan "tono" ditunjuk pada langkah 4
    Maka "dinkes" dari Diskominfo "Sumbawa" diberi tahu "finished" tentang permohonan "Aplikasi Antrian Puskesmas"

  Skenario: Pengguna yang dinonaktifkan tidak diberi tahu apa pun
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "lina" dari Diskominfo "Sumbawa" memakai alamat surel "lina@sumbawa.example.go.id" yang telah dikonfirmasi
    Dan "admin" dari Diskominfo "Sumbawa" telah menonaktifkan "lina"
    Ketika "dinkes" dari Diskominfo "Sumbawa" mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan surel Diskominfo "Sumbawa" diproses pada "2026-04-14 10:01" WITA
    Maka "lina" dari Diskominfo "Sumbawa" tidak diberi tahu apa pun tentang permohonan "Aplikasi Antrian Puskesmas"
    Dan tidak ada surel untuk "lina@sumbawa.example.go.id"
    Dan "andi" dari Diskominfo "Sumbawa" diberi tahu "arrived" tentang langkah 2 permohonan "Aplikasi Antrian Puskesmas"

  Skenario: Langkah yang sampai dikirim sekali lewat surel, atau sebaris dalam ringkasan harian setelah jam kantor
    Dengan sekarang "2026-04-14 09:00" WITA
    Dan "andi" dari Diskominfo "Sumbawa" memakai alamat surel "andi@sumbawa.example.go.id" yang telah dikonfirmasi
    Dan "lina" dari Diskominfo "Sumbawa" memakai alamat surel "lina@sumbawa.example.go.id" yang telah dikonfirmasi
    Dan "lina" dari Diskominfo "Sumbawa" memilih "digest" untuk pemberitahuan "arrived"
    Dan "budi" dari Diskominfo "Sumbawa" memakai alamat surel "budi@sumbawa.example.go.id" yang belum dikonfirmasi
    Dan sekarang "2026-04-14 10:00" WITA
    Ketika "dinkes" dari Diskominfo "Sumbawa" mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan surel Diskominfo "Sumbawa" diproses pada "2026-04-14 10:01" WITA
    Maka ada 1 surel untuk "andi@sumbawa.example.go.id" berjudul "Tugas baru: Aplikasi Antrian Puskesmas (440/123/2026)"
    Dan surel itu menyebut "Langkah: 2 · " dan tautan ke permohonan "Aplikasi Antrian Puskesmas"
    Dan tidak ada surel untuk "lina@sumbawa.example.go.id"
    Ketika surel Diskominfo "Sumbawa" diproses pada "2026-04-14 15:59" WITA
    Maka tidak ada surel untuk "lina@sumbawa.example.go.id"
    Ketika surel Diskominfo "Sumbawa" diproses pada "2026-04-14 16:00" WITA
    Maka ada 1 surel untuk "lina@sumbawa.example.go.id" berjudul "Alur: 1 pemberitahuan untuk Selasa, 14 April 2026"
    Dan ada 1 surel untuk "andi@sumbawa.example.go.id" berjudul "Tugas baru: Aplikasi Antrian Puskesmas (440/123/2026)"

  Skenario: Surel terlambat untuk tenggat hari Sabtu menunggu jam buka kantor hari Senin
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "tono" dari Diskominfo "Sumbawa" memakai alamat surel "tono@sumbawa.example.go.id" yang telah dikonfirmasi
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan permohonan "Aplikasi Antrian Puskesmas" diteruskan sampai langkah 12 dengan "tono" ditunjuk pada langkah 4
    Dan sekarang "2026-04-17 10:00" WITA
    Ketika "tono" dari Diskominfo "Sumbawa" menyelesaikan langkah 12 pada permohonan "Aplikasi Antrian Puskesmas"
    Dan surel Diskominfo "Sumbawa" diproses pada "2026-04-18 10:00" WITA
    Maka tidak ada surel untuk "tono@sumbawa.example.go.id" berjudul "Terlambat: Aplikasi Antrian Puskesmas (440/123/2026)"
    Ketika surel Diskominfo "Sumbawa" diproses pada "2026-04-20 07:30" WITA
    Maka ada 1 surel untuk "tono@sumbawa.example.go.id" berjudul "Terlambat: Aplikasi Antrian Puskesmas (440/123/2026)"

  Skenario: Menandai pemberitahuan sudah dibaca
    Dengan sekarang "2026-04-14 10:00" WITA
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Arsip Digital"
    Maka "andi" dari Diskominfo "Sumbawa" melihat 2 pemberitahuan belum dibaca
    Ketika "andi" dari Diskominfo "Sumbawa" membaca pemberitahuan tentang permohonan "Aplikasi Arsip Digital"
    Maka "andi" dari Diskominfo "Sumbawa" melihat 1 pemberitahuan belum dibaca
    Ketika "andi" dari Diskominfo "Sumbawa" menandai semua pemberitahuannya sudah dibaca
    Maka "andi" dari Diskominfo "Sumbawa" melihat 0 pemberitahuan belum dibaca
