# language: id
# Beberapa Diskominfo pada satu layanan Alur. Setiap Diskominfo (tenant) menyimpan permohonan,
# pengguna dan jejak auditnya terpisah dari Diskominfo lain, dan menjalankan SOP-nya sendiri:
# - Sumbawa: SOP 555/568/DKIST/2021 (sumbawa-2021), WITA (Asia/Makassar). Peran: opd, kadis,
#   kabid-ti (Kepala Bidang TI), kasi-aplikasi, tim-pengembang. Langkah 2 "1 Hari Kerja".
# - Cirebon: SOP 037/SOP-EGOV/2019 (cirebon-2019), WIB (Asia/Jakarta). Peran: opd, kadis,
#   kabid-egov (Kabid Layanan E-Government), kasie-ekosistem, kasie-aplikasi, pic, pihak-ketiga.
#   Langkah 2 "5 menit" pada jam kerja.
# Senin 8 Juni 2026 pukul 09.00 WITA sama dengan pukul 08.00 WIB; minggu itu tanpa hari libur.

Fitur: Banyak Diskominfo pada satu layanan, masing-masing dengan SOP dan datanya sendiri
  Sebagai Kepala Diskominfo sebuah kabupaten/kota yang memakai layanan Alur bersama daerah lain
  Saya ingin permohonan aplikasi di daerah saya hanya terlihat dan dikerjakan oleh pengguna daerah saya
  Agar data permohonan antardaerah tidak tercampur dan setiap permohonan berjalan menurut SOP saat diajukan

  Latar Belakang:
    Dengan layanan Alur melayani Diskominfo berikut:
      | Diskominfo | nama resmi                                                              | SOP          | zona waktu    |
      | Sumbawa    | Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa | sumbawa-2021 | Asia/Makassar |
      | Cirebon    | Dinas Komunikasi Informatika dan Statistik Kota Cirebon                 | cirebon-2019 | Asia/Jakarta  |
    Dan OPD berikut terdaftar:
      | Diskominfo | kode   | nama                              |
      | Sumbawa    | DINKES | Dinas Kesehatan Kabupaten Sumbawa |
      | Cirebon    | DISHUB | Dinas Perhubungan Kota Cirebon    |
    Dan pengguna berikut terdaftar:
      | Diskominfo | pengguna  | nama lengkap                 | peran          | OPD    |
      | Sumbawa    | dinkes    | Tim Teknis Dinas Kesehatan   | opd            | DINKES |
      | Sumbawa    | andi      | Andi Wijaya                  | kadis          |        |
      | Sumbawa    | bambang   | Bambang Sutrisno             | kabid-ti       |        |
      | Sumbawa    | citra     | Citra Lestari                | kasi-aplikasi  |        |
      | Sumbawa    | rina      | Rina Marlina                 | tim-pengembang |        |
      | Cirebon    | dishub    | Tim Teknis Dinas Perhubungan | opd            | DISHUB |
      | Cirebon    | sari      | Sari Rahmawati               | kadis          |        |
      | Cirebon    | dedi      | Dedi Kurnia                  | kabid-egov     |        |
      | Cirebon    | inspektur | Inspektur Kota Cirebon       | auditor        |        |
    Dan sekarang "2026-06-08 09:00" WITA

  Skenario: Setiap Diskominfo menjalankan permohonannya menurut SOP-nya sendiri
    Ketika "dinkes" dari Diskominfo "Sumbawa" mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan "dishub" dari Diskominfo "Cirebon" mengajukan permohonan "Aplikasi e-Retribusi Parkir"
    Maka permohonan "Aplikasi Antrian Puskesmas" berjalan menurut SOP "sumbawa-2021" versi 3
    Dan langkah aktif permohonan "Aplikasi Antrian Puskesmas" adalah 2 oleh "kadis"
    Dan langkah 2 permohonan "Aplikasi Antrian Puskesmas" jatuh tempo pada "2026-06-09 09:00" WITA
    Dan permohonan "Aplikasi e-Retribusi Parkir" berjalan menurut SOP "cirebon-2019" versi 4
    Dan langkah aktif permohonan "Aplikasi e-Retribusi Parkir" adalah 2 oleh "kadis"
    Dan langkah 2 permohonan "Aplikasi e-Retribusi Parkir" jatuh tempo pada "2026-06-08 08:05" WIB
    Ketika "sari" dari Diskominfo "Cirebon" menyelesaikan langkah 2 pada permohonan "Aplikasi e-Retribusi Parkir"
    Maka langkah aktif permohonan "Aplikasi e-Retribusi Parkir" adalah 3 oleh "kabid-egov"
    Dan kotak masuk "dedi" di Diskominfo "Cirebon" berisi "Aplikasi e-Retribusi Parkir"

  Skenario: Daftar permohonan, kotak masuk dan jejak audit hanya memuat permohonan Diskominfo sendiri
    Dengan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Dan "dishub" dari Diskominfo "Cirebon" telah mengajukan permohonan "Aplikasi e-Retribusi Parkir"
    Maka daftar permohonan Diskominfo "Sumbawa" berisi:
      | judul                      | SOP          | versi | status      | langkah aktif | pelaksana |
      | Aplikasi Antrian Puskesmas | sumbawa-2021 | 3     | in_progress | 2             | kadis     |
    Dan daftar permohonan Diskominfo "Cirebon" berisi:
      | judul                       | SOP          | versi | status      | langkah aktif | pelaksana |
      | Aplikasi e-Retribusi Parkir | cirebon-2019 | 4     | in_progress | 2             | kadis     |
    Dan kotak masuk "andi" di Diskominfo "Sumbawa" berisi "Aplikasi Antrian Puskesmas"
    Dan kotak masuk "sari" di Diskominfo "Cirebon" berisi "Aplikasi e-Retribusi Parkir"
    Dan jejak audit Diskominfo "Sumbawa" memuat permohonan "Aplikasi Antrian Puskesmas"
    Dan jejak audit Diskominfo "Cirebon" tidak memuat permohonan "Aplikasi Antrian Puskesmas"
    Dan jejak audit Diskominfo "Cirebon" memuat permohonan "Aplikasi e-Retribusi Parkir"
    Dan jejak audit Diskominfo "Sumbawa" tidak memuat permohonan "Aplikasi e-Retribusi Parkir"

  Skenario: Pengguna satu Diskominfo tidak dikenal di Diskominfo lain
    Maka "andi" dapat masuk ke Diskominfo "Sumbawa"
    Tetapi "andi" tidak dikenal di Diskominfo "Cirebon"
    Dan "sari" dapat masuk ke Diskominfo "Cirebon"
    Tetapi "sari" tidak dikenal di Diskominfo "Sumbawa"

  Garis-Besar Skenario: Permohonan Diskominfo lain tidak dapat dibuka atau dikerjakan walau nomornya diketahui (<tindakan>)
    # Nomor permohonan Sumbawa sampai ke pengguna Cirebon (misalnya lewat tautan yang diteruskan);
    # layanan Cirebon menjawab seolah-olah permohonan itu tidak ada, dan permohonan itu tidak berubah.
    Dengan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "<pengguna>" dari Diskominfo "Cirebon" <tindakan> permohonan "Aplikasi Antrian Puskesmas"
    Maka tindakan ditolak karena permohonan tidak ditemukan
    Dan langkah aktif permohonan "Aplikasi Antrian Puskesmas" adalah 2 oleh "kadis"
    Dan riwayat permohonan "Aplikasi Antrian Puskesmas" berisi peristiwa "Submitted"
    Dan jejak audit Diskominfo "Cirebon" tidak memuat permohonan "Aplikasi Antrian Puskesmas"
    Ketika "andi" dari Diskominfo "Sumbawa" menyelesaikan langkah 2 pada permohonan "Aplikasi Antrian Puskesmas"
    Maka langkah aktif permohonan "Aplikasi Antrian Puskesmas" adalah 3 oleh "kabid-ti"

    Contoh:
      | pengguna  | tindakan                     |
      | inspektur | membuka                      |
      | inspektur | melihat riwayat              |
      | sari      | menyelesaikan langkah 2 pada |
      | dishub    | menarik                      |

  Skenario: Diskominfo berganti SOP saat permohonan masih berjalan
    # Permohonan yang sedang berjalan selesai menurut SOP saat ia diajukan; permohonan baru
    # mengikuti SOP yang baru. Peran yang sama di kedua SOP (kadis) tetap dipegang orang yang sama.
    Dengan "dinkes" dari Diskominfo "Sumbawa" telah mengajukan permohonan "Aplikasi Antrian Puskesmas"
    Ketika "andi" dari Diskominfo "Sumbawa" menyelesaikan langkah 2 pada permohonan "Aplikasi Antrian Puskesmas"
    Dan pengelola layanan mengganti SOP Diskominfo "Sumbawa" menjadi "cirebon-2019"
    Maka Diskominfo "Sumbawa" menjalankan SOP "cirebon-2019" versi 4
    Dan jejak audit Diskominfo "Sumbawa" mencatat "pengelola-uji memakai SOP cirebon-2019 versi 4"
    Dan jejak audit Diskominfo "Sumbawa" mencatat "pengelola-uji menetapkan SOP cirebon-2019 versi 4 untuk permohonan baru"
    Dan permohonan "Aplikasi Antrian Puskesmas" berjalan menurut SOP "sumbawa-2021" versi 3
    Dan langkah aktif permohonan "Aplikasi Antrian Puskesmas" adalah 3 oleh "kabid-ti"
    Dan kotak masuk "bambang" di Diskominfo "Sumbawa" berisi "Aplikasi Antrian Puskesmas"
    Ketika "dinkes" dari Diskominfo "Sumbawa" mengajukan permohonan "Aplikasi Data Stunting"
    Maka permohonan "Aplikasi Data Stunting" berjalan menurut SOP "cirebon-2019" versi 4
    Dan langkah 2 permohonan "Aplikasi Data Stunting" jatuh tempo pada "2026-06-08 09:05" WITA
    Ketika "andi" dari Diskominfo "Sumbawa" menyelesaikan langkah 2 pada permohonan "Aplikasi Data Stunting"
    Maka langkah aktif permohonan "Aplikasi Data Stunting" adalah 3 oleh "kabid-egov"
    Ketika permohonan "Aplikasi Antrian Puskesmas" diteruskan oleh pemegang peran masing-masing sampai selesai
    Maka permohonan "Aplikasi Antrian Puskesmas" berakhir dengan status "completed"
    Dan riwayat permohonan "Aplikasi Antrian Puskesmas" melewati langkah "1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17"
    Dan jejak audit permohonan "Aplikasi Antrian Puskesmas" langkah 3 berbunyi "Kepala Bidang Teknologi Informasi mendisposisikan permohonan ke Kepala Seksi Aplikasi dan E-Government"
    Dan daftar permohonan Diskominfo "Sumbawa" berisi:
      | judul                      | SOP          | versi | status      | langkah aktif | pelaksana  |
      | Aplikasi Antrian Puskesmas | sumbawa-2021 | 3     | completed   | -             | -          |
      | Aplikasi Data Stunting     | cirebon-2019 | 4     | in_progress | 3             | kabid-egov |
