package importer
import ("testing";"os";"fmt";"strings")
func TestDbgHTML(t *testing.T){
 name:=os.Getenv("PAGE")
 f,_:=os.Open("/work/shared/fixtures/pages/comments/html/"+name+".html")
 doc,err:=ParseHTML(name,f,Options{})
 if err!=nil {t.Fatal(err)}
 fmt.Println(doc.Meta)
 for _,s:=range doc.Segments { tx:=strings.ReplaceAll(s.Text,"\n"," / "); if len(tx)>150 {tx=tx[:150]}; fmt.Printf("%-8s %-3s %-12s %q\n", s.Kind, s.ReplyTo, s.Author, tx) }
}
